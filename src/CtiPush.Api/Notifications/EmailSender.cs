using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CtiPush.Notifications;

/// <summary>
/// Sends a notification as an e-mail through the SMTP server of <c>Smtp:*</c> (MailKit). Its Message-ID is the event
/// id, so a mail that went out twice (a crash between sending and recording it) is recognisably the same mail.
/// </summary>
public sealed class EmailSender(IOptions<SmtpOptions> smtp, IOptions<WebhookOptions> webhooks)
{
    public async Task<DeliveryOutcome> SendAsync(Subscription subscription, Notification notification, CancellationToken stopping)
    {
        var settings = smtp.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            return new DeliveryOutcome(null, "no SMTP server is set (Smtp:Host)", null, 0);
        }
        var message = Message(settings, subscription, notification);
        var watch = Stopwatch.StartNew();
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(webhooks.Value.TimeoutSeconds).TotalMilliseconds };
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cut.CancelAfter(TimeSpan.FromSeconds(webhooks.Value.TimeoutSeconds));
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, SecurityOf(settings.Security), cut.Token);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cut.Token);
            }
            var reply = await client.SendAsync(message, cut.Token);
            await client.DisconnectAsync(quit: true, cut.Token);
            return new DeliveryOutcome(250, null, WebhookSender.Printable(Truncate(reply)), watch.ElapsedMilliseconds);
        }
        catch (SmtpCommandException refused)
        {
            return new DeliveryOutcome((int)refused.StatusCode, "the SMTP server refused the mail", WebhookSender.Printable(Truncate(refused.Message)), watch.ElapsedMilliseconds);
        }
        catch (AuthenticationException)
        {
            return new DeliveryOutcome(null, "the SMTP server refused the user name or password (Smtp:User, Smtp:Password)", null, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, $"the SMTP server did not answer within {webhooks.Value.TimeoutSeconds:0.###} s", null, watch.ElapsedMilliseconds);
        }
        catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException)
        {
            return new DeliveryOutcome(null, $"could not talk to the SMTP server ({failure.GetType().Name})", null, watch.ElapsedMilliseconds);
        }
    }

    private static MimeMessage Message(SmtpOptions settings, Subscription subscription, Notification notification)
    {
        using var envelope = JsonDocument.Parse(notification.Payload);
        var (title, text) = NotificationText.Of(envelope.RootElement);
        var message = new MimeMessage
        {
            Subject = text.Length <= 120 ? text : title,
            MessageId = $"{notification.EventId}@ctipush",
            Body = new TextPart("plain") { Text = $"{text}\n\n{title} · {envelope.RootElement.GetProperty("timestamp").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {notification.EventId}\n" },
        };
        message.From.Add(MailboxAddress.Parse(settings.From ?? "ctipush@localhost"));
        message.To.Add(MailboxAddress.Parse(subscription.Email!));
        return message;
    }

    private static SecureSocketOptions SecurityOf(string? security) => security?.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    private static string Truncate(string text) =>
        Encoding.UTF8.GetByteCount(text) <= WebhookSender.MaxResponseBytes ? text : text[..Math.Min(text.Length, WebhookSender.MaxResponseBytes / 4)];
}
