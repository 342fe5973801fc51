using System.Net;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CtiPush.Tests.Notifications;

/// <summary>
/// Webhooks end to end: the service's real pipeline and outbox, a real receiver on loopback, the test's clock for the
/// retries. Each test subscribes with a queue of its own, so the tests of a class never see each other's calls.
/// Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class WebhooksBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());
    protected readonly string Queue = "q-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A subscription for this test's queue; returns its id and secret.</summary>
    protected async Task<(long Id, string Secret)> Subscribe(WebhookReceiver receiver, string[]? events = null, string format = "json")
    {
        var created = await Admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = events ?? All, queue = Queue, format });
        return (created.Id(), created.GetProperty("secret").GetString()!);
    }

    protected static readonly string[] All = ["call.ringing", "call.answered", "call.ended", "call.missed", "callback.opened", "callback.resolved"];

    protected async Task<string> MissedCall(string from = "493055571600")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", from, "4930111", $"&queue={Queue}&user[]=Erika"));
        App.Time.Advance(TimeSpan.FromSeconds(42));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        return callId;
    }

    protected async Task<JsonElement[]> Deliveries(long subscription) =>
        [.. (await Admin.Get($"/api/v1/webhooks/{subscription}/deliveries")).GetProperty("items").EnumerateArray()];

    /// <summary>
    /// The deliveries, newest first, once the attempt numbered <paramref name="attempt"/> is among them: the worker records
    /// an attempt after its answer came, which on a busy machine can be after the receiver counted the request.
    /// </summary>
    protected async Task<JsonElement[]> DeliveriesOnceRecorded(long subscription, int attempt)
    {
        await Eventually.Until(async () => (await Deliveries(subscription)) is [var newest, ..] && newest.GetProperty("attempt").GetInt32() >= attempt,
            $"attempt {attempt} to be recorded");
        return await Deliveries(subscription);
    }

    /// <summary>Moves the clock on, a step at a time, until <paramref name="condition"/> holds (retries become due as it moves).</summary>
    protected async Task AdvanceUntil(Func<bool> condition, string what, TimeSpan step)
    {
        await Eventually.Until(() =>
        {
            if (condition())
            {
                return true;
            }
            App.Time.Advance(step);
            return false;
        }, what, every: TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_missed_call_reaches_the_receiver_as_ringing_ended_and_missed_in_order_each_signed_so_that_it_verifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await Subscribe(receiver, ["call.ringing", "call.answered", "call.ended", "call.missed"]);
        await Admin.Post("/api/v1/contacts", new { name = "Erika Mustermann", organisation = "ACME GmbH", numbers = new[] { new { number = "+49 30 5557 1600" } } });

        var callId = await MissedCall("493055571600");

        await Eventually.Until(() => receiver.Accepted.Count == 3, "three notifications");
        var got = receiver.Requests;
        Assert.Equal(["call.ringing", "call.ended", "call.missed"], got.Select(r => r.Type));
        Assert.All(got, r => Assert.True(WebhookReceiver.Verifies(r, secret), $"signature of {r.Id} does not verify"));
        Assert.All(got, r => Assert.Equal(r.Id, r.Json.GetProperty("id").GetString()));
        Assert.Equal(3, got.Select(r => r.Id).Distinct().Count());
        Assert.All(got, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        var missed = got[2].Json.GetProperty("data");
        Assert.True(missed.GetProperty("missed").GetBoolean());
        Assert.Equal(callId, missed.GetProperty("callId").GetString());
        Assert.Equal("Erika Mustermann", missed.GetProperty("fromName").GetString());
        Assert.Equal(42, missed.GetProperty("waitingSeconds").GetInt32());
        Assert.False(got[0].Json.GetProperty("data").GetProperty("missed").GetBoolean()); // as the call was when it rang
        // The call as the API shows it: names, numbers as displayed and legs are put on at sending, not lost.
        var shown = (await Admin.Get($"/api/v1/calls?callId={callId}")).GetProperty("items")[0];
        Assert.True(JsonElement.DeepEquals(shown, missed), $"sent {missed}, shown {shown}");

        // A signature made with another secret, or over another body, does not verify.
        Assert.False(WebhookReceiver.Verifies(got[0], "whsec_" + Convert.ToBase64String(new byte[32])));
        Assert.False(WebhookReceiver.Verifies(got[0] with { Body = got[0].Body.Replace("ringing", "missed", StringComparison.Ordinal) }, secret));

        await Eventually.Until(async () => (await Deliveries(id)).Length == 3, "three attempts recorded");
        var deliveries = await Deliveries(id);
        Assert.Equal(["call.missed", "call.ended", "call.ringing"], deliveries.Select(d => d.GetProperty("event").GetString())); // newest first
        Assert.All(deliveries, d =>
        {
            Assert.Equal(200, d.GetProperty("status").GetInt32());
            Assert.Equal(1, d.GetProperty("attempt").GetInt32());
            Assert.Equal("ok", d.GetProperty("response").GetString());
            Assert.Equal("delivered", d.GetProperty("state").GetString());
            Assert.True(d.GetProperty("latencyMs").GetInt64() >= 0);
        });
        Assert.Equal(got.Select(r => r.Id).Reverse(), deliveries.Select(d => d.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task An_answered_call_sends_ringing_answered_and_ended_and_a_call_of_another_queue_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await Subscribe(receiver, ["call.ringing", "call.answered", "call.ended", "call.missed"]);
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", "493055571600", "4930111", "&queue=another-queue"));
        await Pbx.Ok(Pbx.NewCall(callId, "in", "493055571600", "4930111", $"&queue={Queue}"));
        await Pbx.Ok(Pbx.Answer(callId, "Erika"));
        await Pbx.Ok(Pbx.Answer(callId, "Erika")); // repeated: nothing new
        await Pbx.Ok(Pbx.Hangup(callId));
        await Pbx.Ok(Pbx.Hangup(callId));

        await Eventually.Until(() => receiver.Accepted.Count >= 3, "three notifications");
        await Task.Delay(500); // and no more
        Assert.Equal(["call.ringing", "call.answered", "call.ended"], receiver.Requests.Select(r => r.Type));
        Assert.All(receiver.Requests, r => Assert.Equal(callId, r.Json.GetProperty("data").GetProperty("callId").GetString()));
        Assert.Equal("Erika", receiver.Requests[1].Json.GetProperty("data").GetProperty("answeredBy").GetString());
    }

    [Fact]
    public async Task A_subscription_made_during_a_call_gets_what_happens_after_it_and_nothing_from_before()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", "493055571600", "4930111", $"&queue={Queue}"));
        await Pbx.Ok(Pbx.Answer(callId, "Erika"));
        await Subscribe(receiver, ["call.ringing", "call.answered", "call.ended", "call.missed"]);
        await Pbx.Ok(Pbx.Hangup(callId));

        await Eventually.Until(() => receiver.Accepted.Count >= 1, "the call's end");
        await Task.Delay(500); // and no more: the answer came before the subscription
        Assert.Equal(["call.ended"], receiver.Requests.Select(r => r.Type));
        Assert.Equal("Erika", receiver.Requests[0].Json.GetProperty("data").GetProperty("answeredBy").GetString());
    }

    [Fact]
    public async Task A_receiver_down_for_the_first_attempts_gets_the_notification_later_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (context, n) =>
        {
            context.Response.StatusCode = n <= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            await context.Response.WriteAsync(n <= 2 ? "down for maintenance" : "ok");
        };
        var (id, _) = await Subscribe(receiver, ["call.missed"]);

        await MissedCall();

        await AdvanceUntil(() => receiver.Accepted.Count == 1, "the notification to get through", TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        App.Time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(500);
        Assert.Single(receiver.Accepted);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct()); // one event id on every attempt: repeats can be dropped
        var deliveries = await DeliveriesOnceRecorded(id, attempt: 3);
        Assert.Equal([3, 2, 1], deliveries.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Equal([200, 503, 503], deliveries.Select(d => d.GetProperty("status").GetInt32()));
        Assert.Equal("down for maintenance", deliveries[2].GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_later_event_of_a_call_waits_until_the_earlier_one_got_through()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (context, n) =>
        {
            context.Response.StatusCode = n == 1 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            await context.Response.WriteAsync("…");
        };
        await Subscribe(receiver, ["call.ringing", "call.answered"]);
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", "493055571600", "4930111", $"&queue={Queue}"));
        await Eventually.Until(() => receiver.Requests.Count == 1, "the first attempt");
        await Pbx.Ok(Pbx.Answer(callId, "Erika"));

        await Task.Delay(1000); // the answered event is due, but its call's ringing is still to go
        Assert.Single(receiver.Requests);
        await AdvanceUntil(() => receiver.Accepted.Count == 2, "both events", TimeSpan.FromSeconds(30));
        Assert.Equal(["call.ringing", "call.ringing", "call.answered"], receiver.Requests.Select(r => r.Type));
    }

    [Fact]
    public async Task A_receiver_that_answers_410_gone_turns_its_subscription_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return Task.CompletedTask;
        };
        var (id, _) = await Subscribe(receiver, ["call.ringing", "call.ended", "call.missed"]); // one call's: one at a time
        await MissedCall();

        await Eventually.Until(async () => !(await Admin.Get($"/api/v1/webhooks/{id}")).GetProperty("enabled").GetBoolean(), "the subscription to be off");
        var subscription = await Admin.Get($"/api/v1/webhooks/{id}");
        Assert.Contains("410", subscription.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        App.Time.Advance(TimeSpan.FromHours(2));
        await MissedCall();
        await Task.Delay(1000);
        Assert.Single(receiver.Requests); // nothing more after the 410
        Assert.Equal("failed", Assert.Single(await Deliveries(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_huge_answer_is_read_no_further_than_1_KiB()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (context, _) =>
        {
            // 4 GiB, more than a reader could take within the timeout: only a sender that stops reading gets a status.
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            try
            {
                for (var i = 0; i < 65_536 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(chunk);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // the service stopped reading and went away, as it should
            }
        };
        var (id, _) = await Subscribe(receiver, ["call.missed"]);
        await MissedCall();

        await Eventually.Until(async () => (await Deliveries(id)).Length == 1, "the attempt");
        var delivery = (await Deliveries(id))[0];
        Assert.Equal(200, delivery.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("error").ValueKind);
        Assert.Equal(new string('x', 1024), delivery.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_cut_off_and_tried_again_later()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (context, n) =>
        {
            if (n == 1)
            {
                await context.Response.WriteAsync("begun, and then nothing");
                await context.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
            }
            await context.Response.WriteAsync("ok");
        };
        var (id, _) = await Subscribe(receiver, ["call.missed"]);
        await MissedCall();

        await Eventually.Until(async () => (await Deliveries(id)).Length == 1, "the first attempt to be cut off");
        var cut = (await Deliveries(id))[0];
        Assert.Equal(JsonValueKind.Null, cut.GetProperty("status").ValueKind);
        Assert.Contains("no complete answer within", cut.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", cut.GetProperty("state").GetString());
        await AdvanceUntil(() => receiver.Accepted.Count == 1, "the retry", TimeSpan.FromSeconds(30));
        await Eventually.Until(() => receiver.Requests.Count == 2, "the cut-off attempt to be seen by the receiver too");
        Assert.Equal([0, 200], receiver.Requests.Select(r => r.Status).Order()); // the first one cut off, the retry taken
        var retry = (await DeliveriesOnceRecorded(id, attempt: 2))[0];
        Assert.Equal(200, retry.GetProperty("status").GetInt32());
        Assert.Equal("delivered", retry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Slack_and_teams_get_a_readable_message_in_their_published_shapes()
    {
        await using var slackReceiver = await WebhookReceiver.StartAsync();
        await using var teamsReceiver = await WebhookReceiver.StartAsync();
        await Subscribe(slackReceiver, ["call.missed"], format: "slack");
        await Subscribe(teamsReceiver, ["call.missed"], format: "teams");
        await Admin.Post("/api/v1/contacts", new { name = "Erika Mustermann", organisation = "ACME GmbH", numbers = new[] { new { number = "+49 30 5557 1601" } } });
        await MissedCall("493055571601");
        await Eventually.Until(() => slackReceiver.Accepted.Count == 1 && teamsReceiver.Accepted.Count == 1, "both messages");

        const string Sentence = $"Missed call from Erika Mustermann, +49 30 55571601, queue ";
        // Slack incoming webhook: text (the notification's fallback) and Block Kit blocks.
        var slack = slackReceiver.Requests[0].Json;
        Assert.StartsWith(Sentence, slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(", waited 42 s", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        Assert.All(blocks, b => Assert.Contains(b.GetProperty("type").GetString(), new[] { "header", "section", "context" }));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(slack.GetProperty("text").GetString(), blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.True(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length <= 150); // Slack's limit for a header

        // Teams workflow webhook: a message whose one attachment is an Adaptive Card.
        var teams = teamsReceiver.Requests[0].Json;
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        var texts = card.GetProperty("body").EnumerateArray().ToList();
        Assert.All(texts, t => Assert.Equal("TextBlock", t.GetProperty("type").GetString()));
        Assert.Equal("Missed call", texts[0].GetProperty("text").GetString());
        Assert.StartsWith(Sentence, texts[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_event_goes_out_at_once_and_a_given_up_notification_can_be_sent_again_by_hand()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var up = false;
        receiver.Answer = (context, _) =>
        {
            context.Response.StatusCode = up ? 200 : 500;
            return Task.CompletedTask;
        };
        var (id, secret) = await Subscribe(receiver, ["call.missed"]);
        var test = await Admin.Post($"/api/v1/webhooks/{id}/test", new { }, expected: 202);
        Assert.Equal("webhook.test", test.GetProperty("event").GetString());
        await Eventually.Until(() => receiver.Requests.Count == 1, "the test event");
        Assert.Equal("webhook.test", receiver.Requests[0].Type);
        Assert.True(WebhookReceiver.Verifies(receiver.Requests[0], secret));

        await MissedCall();
        // The receiver fails for more than a day: the notification is given up.
        await AdvanceUntil(() => receiver.Requests.Count(r => r.Type == "call.missed") >= 2, "retries", TimeSpan.FromMinutes(10));
        App.Time.Advance(TimeSpan.FromHours(25));
        await Eventually.Until(async () => (await Deliveries(id)).Any(d => d.GetProperty("state").GetString() == "failed" && d.GetProperty("event").GetString() == "call.missed"),
            "the notification to be given up");
        var failed = (await Deliveries(id)).First(d => d.GetProperty("event").GetString() == "call.missed");

        up = true;
        var again = await Admin.Post($"/api/v1/webhooks/{id}/deliveries/{failed.Id()}/retry", new { }, expected: 202);
        Assert.Equal(failed.GetProperty("eventId").GetString(), again.GetProperty("eventId").GetString());
        await Eventually.Until(async () => (await Deliveries(id))[0].GetProperty("state").GetString() == "delivered", "the notification sent by hand");
        Assert.Single(receiver.Accepted, r => r.Type == "call.missed");
        await Admin.Post($"/api/v1/webhooks/{id}/deliveries/{failed.Id()}/retry", new { }, expected: 409);
        await Admin.Post($"/api/v1/webhooks/{id}/deliveries/99999999/retry", new { }, expected: 404);
    }

    [Fact]
    public async Task A_missed_call_opens_a_callback_and_resolving_it_by_hand_sends_callback_resolved()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await Subscribe(receiver, ["callback.opened", "callback.resolved"]);
        var number = "49305" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await MissedCall(number);
        await Eventually.Until(() => receiver.Accepted.Count == 1, "callback.opened");
        var opened = receiver.Requests[0].Json;
        Assert.Equal("callback.opened", opened.GetProperty("type").GetString());
        var callback = opened.GetProperty("data");
        Assert.Equal(number, callback.GetProperty("number").GetString());
        Assert.Equal("open", callback.GetProperty("state").GetString());

        await Admin.Post($"/api/v1/callbacks/{callback.Id()}/resolve", new { outcome = "reached" }, expected: 200);
        await Eventually.Until(() => receiver.Accepted.Count == 2, "callback.resolved");
        var resolved = receiver.Requests[1].Json;
        Assert.Equal("callback.resolved", resolved.GetProperty("type").GetString());
        Assert.Equal("reached", resolved.GetProperty("data").GetProperty("outcome").GetString());
        Assert.Equal($"evt_callback_{callback.Id()}_resolved", resolved.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Subscriptions_are_listed_changed_and_removed_without_their_secret_and_each_change_is_audited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await Subscribe(receiver, ["call.missed"]);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var updated = await Admin.Put($"/api/v1/webhooks/{id}", new { url = receiver.Url, events = new[] { "call.missed", "call.ended" }, format = "slack", enabled = false, note = "ops" });
        Assert.Equal(["call.missed", "call.ended"], updated.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("slack", updated.GetProperty("format").GetString());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        var listed = (await Admin.Get("/api/v1/webhooks")).EnumerateArray().Single(s => s.Id() == id);
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);

        await Admin.Delete($"/api/v1/webhooks/{id}");
        await Admin.Get($"/api/v1/webhooks/{id}", expected: 404);
        var audit = (await Admin.Get("/api/v1/audit?limit=50")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString()?.StartsWith($"webhook {id} ", StringComparison.Ordinal) == true)
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["webhook.delete", "webhook.update", "webhook.create"], audit);
    }

    [Fact]
    public async Task Bad_subscriptions_get_422_naming_the_field()
    {
        async Task Refused(object body, string field)
        {
            var problem = await Admin.Post("/api/v1/webhooks", body, expected: 422);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named in {problem}");
        }
        await Refused(new { url = "/relative/path", events = All }, "url");
        await Refused(new { url = "ftp://example.com/x", events = All }, "url");
        await Refused(new { url = "not a url", events = All }, "url");
        await Refused(new { url = "https://user:pw@example.com/x", events = All }, "url");
        await Refused(new { events = All }, "url");
        await Refused(new { url = "https://example.com/x", events = new[] { "call.exploded" } }, "events");
        await Refused(new { url = "https://example.com/x", events = Array.Empty<string>() }, "events");
        await Refused(new { url = "https://example.com/x", events = All, format = "xml" }, "format");
        await Refused(new { url = "https://example.com/x", events = All, source = "no-such-pbx" }, "source");
        await Refused(new { url = "https://example.com/x", events = All, kind = "pigeon" }, "kind");
        await Refused(new { kind = "email", events = All, email = "not an address" }, "email");
        await Refused(new { url = "https://example.com/x", events = All, queue = "a\u0001b" }, "queue");
    }
}

public sealed class WebhooksOnSqlite(WebhookSqliteApp app) : WebhooksBehaviour(app), IClassFixture<WebhookSqliteApp>;

public sealed class WebhooksOnPostgres(WebhookPostgresApp app) : WebhooksBehaviour(app), IClassFixture<WebhookPostgresApp>;
