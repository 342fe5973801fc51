using System.Globalization;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Notifications;

/// <summary>Missed calls by e-mail, through a real SMTP server on loopback, per queue and per person.</summary>
public sealed class EmailNotificationTests
{
    [Fact]
    public async Task A_missed_call_reaches_the_queues_inbox_and_the_person_it_rang_for_through_a_real_smtp_server_once()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new SqliteApp();
        WebhookSettings.Apply(app.Settings);
        app.Settings["Smtp:Host"] = "127.0.0.1";
        app.Settings["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
        app.Settings["Smtp:From"] = "CtiPush <ctipush@example.com>";
        app.Settings["Smtp:Security"] = "auto"; // STARTTLS when offered; this server offers none
        var admin = new AdminApi(app.CreateAdminClient());
        var pbx = new Pbx(app.CreateClient());
        var queue = await admin.Post("/api/v1/webhooks", new { kind = "email", email = "support@example.com", events = new[] { "call.missed" }, queue = "support" });
        await admin.Post("/api/v1/webhooks", new { kind = "email", email = "erika@example.com", events = new[] { "call.missed" }, user = "Erika" });
        await admin.Post("/api/v1/contacts", new { name = "Max Kunde", organisation = "Kunde AG", numbers = new[] { new { number = "+49 30 5557 1600" } } });

        async Task Missed(string queueName, string user)
        {
            var callId = Pbx.NewCallId();
            await Pbx.Ok(pbx.NewCall(callId, "in", "493055571600", "4930111", $"&queue={queueName}&user[]={user}"));
            app.Time.Advance(TimeSpan.FromSeconds(42));
            await Pbx.Ok(pbx.Hangup(callId, "cancel"));
        }
        await Missed("support", "Erika");
        await Missed("sales", "Bob"); // neither the queue's nor Erika's

        await Eventually.Until(() => smtp.Messages.Count == 2, "two mails");
        await Task.Delay(1000);
        var mails = smtp.Messages;
        Assert.Equal(2, mails.Count);
        Assert.Equal(["erika@example.com", "support@example.com"], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var mail in mails)
        {
            Assert.Equal("ctipush@example.com", mail.From.Mailboxes.Single().Address);
            Assert.Equal("Missed call from Max Kunde, +49 30 55571600, queue support, waited 42 s", mail.Subject);
            Assert.Contains("Missed call from Max Kunde", mail.TextBody, StringComparison.Ordinal);
            Assert.Matches("^evt_call_[0-9]+_missed@ctipush$", mail.MessageId);
        }
        var attempt = (await admin.Get($"/api/v1/webhooks/{queue.Id()}/deliveries")).GetProperty("items")[0];
        Assert.Equal(250, attempt.GetProperty("status").GetInt32());
        Assert.Equal("delivered", attempt.GetProperty("state").GetString());
    }
}
