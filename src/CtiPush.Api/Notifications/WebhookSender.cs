using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace CtiPush.Notifications;

/// <summary>
/// Posts a notification to its receiver, signed; reads no more than 1 KiB of the answer and waits no longer than
/// <c>Webhooks:TimeoutSeconds</c> for all of it. Connections go only to addresses <see cref="ReceiverAddresses"/>
/// allows, checked after DNS on every connection; redirects are not followed (they could lead anywhere).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "webhooks";
    public const int MaxResponseBytes = 1024;

    /// <summary>The handler every webhook connection goes through.</summary>
    public static SocketsHttpHandler Handler(IOptions<WebhookOptions> options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2), // DNS changes are seen, and checked, again
        MaxResponseDrainSize = 0, // an answer left unread closes its connection: not a byte more is read to keep it
        ConnectCallback = async (context, cancellationToken) => new System.Net.Sockets.NetworkStream(
            await ReceiverAddresses.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, options.Value.AllowPrivateNetworks, cancellationToken),
            ownsSocket: true),
    };

    public async Task<DeliveryOutcome> SendAsync(Subscription subscription, Notification notification, CancellationToken stopping)
    {
        var body = MessageBodies.For(subscription.Format, notification.Payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", notification.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(subscription.Secret, notification.EventId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("CtiPush-Webhooks/1");

        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cut.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cut.Token);
            var answer = await ReadStartAsync(response.Content, cut.Token);
            return new DeliveryOutcome((int)response.StatusCode, null, answer, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, $"no complete answer within {timeout.TotalSeconds:0.###} s", null, watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException failure)
        {
            // Not the exception's message: it may quote the URL, which can be a secret itself (Slack's are).
            var reason = failure.InnerException as RefusedAddressException is { } refused ? refused.Message : $"the request failed ({failure.HttpRequestError})";
            return new DeliveryOutcome(null, reason, null, watch.ElapsedMilliseconds);
        }
    }

    /// <summary>The first 1 KiB of the answer, as text; the rest is never read.</summary>
    private static async Task<string?> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }
        return read == 0 ? null : Printable(Encoding.UTF8.GetString(buffer, 0, read));
    }

    /// <summary>Text a database column takes: no NUL or other control characters but line breaks and tabs.</summary>
    internal static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t') ? '\uFFFD' : c));

    /// <summary>For a log line: the receiver's host, never its path or query (they may be the secret).</summary>
    public static string HostOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";
}
