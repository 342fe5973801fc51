using System.Net.Http.Json;
using CtiPush.Notifications;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Notifications;

/// <summary>What a subscription must not be able to do: reach into the service's own network, or leak its secret.</summary>
public sealed class WebhookSafetyTests
{
    [Fact]
    public async Task Receivers_in_loopback_link_local_and_private_networks_are_refused_and_checked_again_when_sent_to()
    {
        await using var app = new SqliteApp(); // Webhooks:AllowPrivateNetworks is off by default
        app.Settings["Webhooks:PollSeconds"] = "0.2";
        var admin = new AdminApi(app.CreateAdminClient());
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var url in new[] { receiver.Url, "http://localhost/hook", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://192.168.0.10/",
                     "http://172.16.5.5/", "http://[::1]/hook", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/" })
        {
            var problem = await admin.Post("/api/v1/webhooks", new { url, events = new[] { "call.missed" } }, expected: 422);
            Assert.Contains("private network", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        }

        // One that got in anyway (its name resolved outward when it was saved, say): the connection is refused after DNS.
        var id = await app.InDatabase(async db =>
        {
            var sneaked = new Subscription { Url = receiver.Url, Events = ["call.missed"], Secret = WebhookSignature.NewSecret() };
            db.Add(sneaked);
            await db.SaveChangesAsync();
            return sneaked.Id;
        });
        await admin.Post($"/api/v1/webhooks/{id}/test", new { }, expected: 202);
        await Eventually.Until(async () => (await admin.Get($"/api/v1/webhooks/{id}/deliveries")).GetProperty("items").GetArrayLength() == 1, "the attempt");
        var attempt = (await admin.Get($"/api/v1/webhooks/{id}/deliveries")).GetProperty("items")[0];
        Assert.Equal("the receiver's address is in a private network", attempt.GetProperty("error").GetString());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_subscriptions_secret_is_in_its_creation_answer_and_nowhere_else_not_in_logs_errors_deliveries_or_the_audit()
    {
        await using var app = new SqliteApp();
        WebhookSettings.Apply(app.Settings);
        app.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:System"] = "Verbose";
        var client = app.CreateAdminClient();
        var admin = new AdminApi(client);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (context, n) =>
        {
            context.Response.StatusCode = n == 1 ? 500 : 200;
            await context.Response.WriteAsync($"signature was {context.Request.Headers["webhook-signature"]}");
        };
        var created = await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.missed", "call.ended" } });
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.Id();
        var pbx = new Pbx(app.CreateClient());
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId));
        await Pbx.Ok(pbx.Hangup(callId, "cancel"));
        await Eventually.Until(() =>
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            return receiver.Accepted.Count == 2;
        }, "both events, one after a retry");

        var answers = new List<string>
        {
            await client.GetStringAsync("/api/v1/webhooks"),
            await client.GetStringAsync($"/api/v1/webhooks/{id}"),
            await client.GetStringAsync($"/api/v1/webhooks/{id}/deliveries"),
            await client.GetStringAsync("/api/v1/audit"),
            await (await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { url = "ftp://nowhere", events = new[] { "nope" } })).Content.ReadAsStringAsync(),
            await (await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { url = receiver.Url, events = new[] { "call.missed" } })).Content.ReadAsStringAsync(),
        };
        var stored = await app.InDatabase(db => db.Set<Delivery>().AsNoTracking().Where(d => d.SubscriptionId == id).ToListAsync());

        var key = secret["whsec_".Length..];
        foreach (var text in answers.Concat(app.Logs.Lines).Concat(stored.Select(d => $"{d.Error} {d.Response} {d.EventId}")))
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }
        Assert.Contains(app.Logs.Lines, line => line.Contains("evt_call_", StringComparison.Ordinal)); // the log did speak of the deliveries
    }
}
