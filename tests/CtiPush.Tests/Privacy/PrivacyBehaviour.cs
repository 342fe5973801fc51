using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Notifications;
using CtiPush.Tests.Infrastructure;
using CtiPush.Tests.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Privacy;

/// <summary>A caller's data exported and erased on request, and old calls anonymised by age. Runs on SQLite and PostgreSQL.</summary>
public abstract class PrivacyBehaviour : IAsyncDisposable
{
    protected readonly CtiPushApp App;
    protected readonly Pbx Pbx;
    protected readonly AdminApi Admin;

    protected PrivacyBehaviour(CtiPushApp app)
    {
        // Before the first client builds the service: the failing store for the half-way test, anonymising after 30 days,
        // and webhooks to receivers on loopback.
        if (!app.TestServices.Contains(EraseFailure.Register))
        {
            app.TestServices.Add(EraseFailure.Register);
            app.Settings["CallLog:AnonymiseAfterDays"] = "30";
            WebhookSettings.Apply(app.Settings);
            app.Settings["Webhooks:TimeoutSeconds"] = "60"; // a receiver held while an erasure runs is not cut off first
        }
        App = app;
        Pbx = new(app.CreateClient());
        Admin = new(app.CreateAdminClient());
        Window = $"since={At(app.Time.GetUtcNow().AddDays(-1))}&until={At(app.Time.GetUtcNow().AddDays(400))}&by=day";
    }

    /// <summary>A Berlin number of this test's own: +49 30 5xxxxxxx.</summary>
    protected readonly string Local = "5" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    protected string E164 => "4930" + Local;

    /// <summary>The number written four ways, as PBXs and people write it.</summary>
    protected string[] Forms => ["+49 30 " + Local, "030 " + Local, "0049 30" + Local, E164];

    /// <summary>The statistics over every call of this database, from the test's start on.</summary>
    private readonly string Window;

    private static string At(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    private static string OtherNumber() => "4940" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<string> Missed(string from, string extra = "")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", from, "4930111", extra));
        App.Time.Advance(TimeSpan.FromSeconds(20));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        App.Time.Advance(TimeSpan.FromMinutes(1));
        return callId;
    }

    private async Task<string> Answered(string direction, string from, string to, string extra = "", string user = "Erika")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction, from, to, extra));
        App.Time.Advance(TimeSpan.FromSeconds(5));
        await Pbx.Ok(Pbx.Answer(callId, user));
        App.Time.Advance(TimeSpan.FromSeconds(30));
        await Pbx.Ok(Pbx.Hangup(callId));
        App.Time.Advance(TimeSpan.FromMinutes(1));
        return callId;
    }

    private async Task<long> OpenCallbackOf(string e164) =>
        Assert.Single((await Admin.Get($"/api/v1/callbacks?state=open&q={e164}")).GetProperty("items").EnumerateArray()).Id();

    private Task Note(long callback, string text) => Admin.Post($"/api/v1/callbacks/{callback}/notes", new { text }, 200);

    /// <summary>Where the number is after ordinary work: what export finds and erasure takes out.</summary>
    private sealed record Scattered(string[] CallIds, long ContactAlone, long ContactShared, long Echoing, long Unreachable);

    /// <summary>
    /// The number, written four ways, in calls both ways, a raw event of someone else's call, two callbacks, notes
    /// (one on another caller's callback), two contacts (one holds nothing else and is blocked), the audit list, and the
    /// notifications about it to two webhooks (one echoes them, one is never reached: its notifications stay pending).
    /// </summary>
    private async Task<Scattered> Scatter()
    {
        var (_, echoing) = await Echoing();
        var unreachable = await Unreachable();
        var missed = await Missed(Forms[0], "&queue=sales");
        await Note(await OpenCallbackOf(E164), $"Tried 030 {Local[..3]} {Local[3..5]} {Local[5..]}, busy");
        var answered = await Answered("in", Forms[1], "4930111");         // reaches the caller: the first callback is resolved
        var outbound = await Answered("out", "21", Forms[3]);
        var missedAgain = await Missed(Forms[2]);                          // a second callback
        var diverted = await Answered("in", OtherNumber(), "4930111", "&diversion=" + Uri.EscapeDataString("+49 (0)30-" + Local));
        var other = OtherNumber();
        await Missed(other);
        await Note(await OpenCallbackOf(other), $"Asks to be called on +49 30 {Local} instead");
        var alone = (await Admin.Post("/api/v1/contacts", new { name = "Anna Alone", numbers = new[] { new { number = Forms[1] } } })).Id();
        var shared = (await Admin.Post("/api/v1/contacts", new
        {
            name = "Berg GmbH",
            numbers = new[] { new { number = Forms[0] }, new { number = "+49 40 " + Random.Shared.Next(1_000_000, 9_999_999) } },
            note = "Switchboard; Anna on 0049 30 " + Local,
        })).Id();
        await Admin.Post("/api/v1/rules/blocked", new { contactId = alone });
        return new Scattered([missed, answered, outbound, missedAgain, diverted], alone, shared, echoing, unreachable);
    }

    private readonly List<WebhookReceiver> receivers = [];
    private readonly List<long> subscriptions = [];

    /// <summary>A receiver of every event that echoes what it gets (its answers are recorded, the number in them).</summary>
    private async Task<(WebhookReceiver Receiver, long Subscription)> Echoing(Func<HttpContext, int, Task>? answer = null)
    {
        var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = answer ?? WebhookReceiver.Echo;
        receivers.Add(receiver);
        return (receiver, await Subscribe(receiver.Url));
    }

    /// <summary>A subscription to every event at an address nobody listens on: its notifications stay pending, retried.</summary>
    private Task<long> Unreachable() => Subscribe("http://127.0.0.1:9/nobody");

    private async Task<long> Subscribe(string url)
    {
        var id = (await Admin.Post("/api/v1/webhooks", new { url, events = NotificationEvents.All })).Id();
        subscriptions.Add(id);
        return id;
    }

    /// <summary>The test's subscriptions go with it (their outbox too), so the next test's calls are not sent to receivers that are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in subscriptions)
        {
            await Admin.Delete($"/api/v1/webhooks/{id}");
        }
        foreach (var receiver in receivers)
        {
            await receiver.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private static IEnumerable<JsonElement> Answers(JsonElement export) =>
        Section(export, "notifications").SelectMany(n => n.GetProperty("deliveries").EnumerateArray());

    private Task<JsonElement> Export(string number) => Admin.Get($"/api/v1/privacy/export?number={Uri.EscapeDataString(number)}");

    private Task<JsonElement> Erase(string number, string reason = "Caller's request by e-mail") =>
        Admin.Post("/api/v1/privacy/erase", new { number, reason }, 200);

    private static IEnumerable<JsonElement> Section(JsonElement export, string name) => export.GetProperty("sections").GetProperty(name).EnumerateArray();

    private static int Changed(JsonElement report, string kind) => report.GetProperty("changed").GetProperty(kind).GetInt32();

    [Fact]
    public async Task Export_finds_the_number_written_four_ways_in_calls_events_callbacks_notes_contacts_and_the_audit_list()
    {
        var scattered = await Scatter();

        foreach (var form in Forms)
        {
            var export = await Export(form);
            Assert.Equal(E164, export.GetProperty("number").GetString());
            var calls = Section(export, "calls").ToList();
            Assert.Equal(scattered.CallIds.Order(), calls.Select(c => c.GetProperty("call").GetProperty("callId").GetString()).Order());
            Assert.All(calls, c => Assert.NotEmpty(c.GetProperty("events").EnumerateArray()));
            var diverted = calls.Single(c => c.GetProperty("call").GetProperty("callId").GetString() == scattered.CallIds[4]);
            Assert.Contains(diverted.GetProperty("events").EnumerateArray(), e => e.GetProperty("fields").TryGetProperty("diversion", out _));
            var callbacks = Section(export, "callbacks").ToList();
            Assert.Equal(["open", "resolved"], callbacks.Select(c => c.GetProperty("state").GetString()).Order());
            Assert.Contains(callbacks.SelectMany(c => c.GetProperty("notes").EnumerateArray()), n => n.GetProperty("text").GetString()!.StartsWith("Tried 030", StringComparison.Ordinal));
            Assert.Contains(Local, Assert.Single(Section(export, "notes")).GetProperty("text").GetString());
            Assert.Equal([scattered.ContactAlone, scattered.ContactShared], Section(export, "contacts").Select(c => c.Id()).Order());
            Assert.Contains(Section(export, "auditEntries"), e => e.GetProperty("target").GetString()!.Contains(E164, StringComparison.Ordinal));
            var notifications = Section(export, "notifications").ToList();
            foreach (var subscription in new[] { scattered.Echoing, scattered.Unreachable })
            {
                var theirs = notifications.Where(n => n.GetProperty("subscriptionId").GetInt64() == subscription).ToList();
                Assert.Contains(theirs, n => n.GetProperty("event").GetString() == "call.missed");
                Assert.Contains(theirs, n => n.GetProperty("event").GetString() == "callback.opened");
            }
            Assert.All(notifications, n =>
            {
                Assert.StartsWith("evt_", n.GetProperty("eventId").GetString(), StringComparison.Ordinal);
                Assert.Contains(Local, n.GetProperty("payload").GetProperty("data").ToString().Replace(" ", "", StringComparison.Ordinal));
                Assert.True(n.TryGetProperty("createdAt", out _) && n.TryGetProperty("state", out _));
            });
            Assert.Contains(notifications, n => n.GetProperty("state").GetString() == "pending");
        }
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_number_in_any_column_of_any_table_and_the_statistics_as_they_were()
    {
        var scattered = await Scatter();
        var statsBefore = (await Admin.Get($"/api/v1/stats?{Window}")).ToString();
        await Eventually.Until(async () => Answers(await Export(E164)).Any(d => d.GetProperty("response").ToString().Contains(E164, StringComparison.Ordinal)),
            "a receiver's answer echoing the number recorded");
        var before = await DatabaseText.Holding(App, Local);
        foreach (var column in new[] { "calls.from_number", "call_events.fields", "notifications.payload", "webhook_deliveries.response" })
        {
            Assert.Contains(before, trace => trace.StartsWith(column + ":", StringComparison.Ordinal));
        }
        Assert.Contains(Section(await Export(E164), "notifications"), n => n.GetProperty("state").GetString() == "pending");

        var report = await Erase(Forms[1]);

        Assert.Equal(4, Changed(report, "calls")); // the diverted call held it in a raw event only: counted there
        Assert.True(Changed(report, "events") >= 5, report.ToString());
        Assert.Equal(2, Changed(report, "callbacks"));
        Assert.Equal(2, Changed(report, "notes"));
        Assert.Equal(1, Changed(report, "contacts"));
        Assert.Equal(1, Changed(report, "contactsDeleted"));
        Assert.True(Changed(report, "auditEntries") >= 1, report.ToString());
        Assert.True(Changed(report, "notifications") >= 10, report.ToString()); // to two subscriptions, pending and sent
        Assert.True(Changed(report, "deliveries") >= 1, report.ToString());
        Assert.False(report.GetProperty("repeated").GetBoolean());
        var traces = await DatabaseText.Holding(App, Local);
        Assert.True(traces.Count == 0, "the number is still in:\n" + string.Join("\n", traces));
        Assert.Equal(statsBefore, (await Admin.Get($"/api/v1/stats?{Window}")).ToString());

        // What stays: the calls, with their times, state, queue and agents; the contact with another number.
        var missed = (await Admin.Get($"/api/v1/calls?callId={scattered.CallIds[0]}")).GetProperty("items")[0];
        Assert.Equal(("erased", "erased", "sales", "hangup", 20), (missed.GetProperty("from").GetString(), missed.GetProperty("fromNumber").GetString(),
            missed.GetProperty("queue").GetString(), missed.GetProperty("state").GetString(), missed.GetProperty("waitingSeconds").GetInt32()));
        Assert.Equal("4930111", missed.GetProperty("to").GetString());
        Assert.Single((await Admin.Get($"/api/v1/contacts/{scattered.ContactShared}")).GetProperty("numbers").EnumerateArray());
        await Admin.Get($"/api/v1/contacts/{scattered.ContactAlone}", 404);
        Assert.DoesNotContain((await Admin.Get("/api/v1/rules/blocked")).EnumerateArray(),
            b => b.TryGetProperty("contactId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == scattered.ContactAlone);
    }

    [Fact]
    public async Task After_erasure_no_filter_export_or_list_shows_the_number_and_a_later_call_from_it_is_a_new_record()
    {
        await Scatter();
        await Erase(Forms[0]);

        foreach (var form in Forms)
        {
            Assert.Empty((await Admin.Get($"/api/v1/calls?number={Uri.EscapeDataString(form)}")).GetProperty("items").EnumerateArray());
            var export = await Export(form);
            foreach (var section in new[] { "calls", "callbacks", "notes", "contacts", "notifications" })
            {
                Assert.Empty(Section(export, section));
            }
        }
        var csv = await App.CreateAdminClient().GetStringAsync("/api/v1/calls/export.csv");
        Assert.DoesNotContain(Local, csv.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain(Local, (await Admin.Get("/api/v1/callbacks?state=resolved&limit=500")).ToString());

        // The blocked contact went with its only number: the caller is a caller like any other again, and a new record.
        var later = Pbx.NewCallId();
        Assert.Equal("{}", await Pbx.Ok(Pbx.NewCall(later, "in", Forms[2], "4930111")));
        await Pbx.Ok(Pbx.Hangup(later, "cancel"));
        Assert.Equal(E164, (await App.FindCall(later))!.FromNumber);
        await OpenCallbackOf(E164);
        Assert.Single(Section(await Export(E164), "calls"));
    }

    /// <summary>What the outbox and the attempts' answers hold of the number.</summary>
    private async Task<List<string>> InOutbox() =>
        [.. (await DatabaseText.Holding(App, Local)).Where(t => t.StartsWith("notifications.", StringComparison.Ordinal)
            || t.StartsWith("notification_queue.", StringComparison.Ordinal) || t.StartsWith("webhook_deliveries.", StringComparison.Ordinal))];

    private static bool IsOf(WebhookReceiver.Request request, string type, string callId) =>
        request.Type == type && request.Json.GetProperty("data").GetProperty("callId").GetString() == callId;

    [Fact]
    public async Task A_notification_written_after_the_erasure_for_a_late_event_of_an_erased_call_carries_erased_and_no_name()
    {
        var (receiver, _) = await Echoing();
        var name = "Nora " + Guid.NewGuid().ToString("N")[..8];
        await Admin.Post("/api/v1/contacts", new { name, numbers = new[] { new { number = Forms[1] } } });
        await Missed(Forms[0]); // its callback.opened is written with the caller's name
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", Forms[3], "4930111"));
        await Eventually.Until(() => receiver.Accepted.Any(r => IsOf(r, "call.ringing", callId)), "the ringing sent");
        Assert.Equal(name, receiver.Accepted.First(r => IsOf(r, "call.ringing", callId)).Json.GetProperty("data").GetProperty("fromName").GetString());
        Assert.Contains(receiver.Accepted, r => r.Type == "callback.opened" && r.Body.Contains(name, StringComparison.Ordinal));

        await Erase(Forms[2]);
        App.Time.Advance(TimeSpan.FromSeconds(20));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel", $"&from={E164}&to=4930111")); // late, and naming the caller again

        await Eventually.Until(() => receiver.Accepted.Any(r => IsOf(r, "call.missed", callId)), "the missed call sent");
        var late = receiver.Accepted.Where(r => IsOf(r, "call.ended", callId) || IsOf(r, "call.missed", callId)).ToList();
        Assert.Equal(2, late.Count);
        Assert.All(late, r =>
        {
            var data = r.Json.GetProperty("data");
            Assert.Equal(("erased", "erased"), (data.GetProperty("from").GetString(), data.GetProperty("fromNumber").GetString()));
            Assert.Equal(JsonValueKind.Null, data.GetProperty("fromName").ValueKind);
            Assert.DoesNotContain(Local, r.Body.Replace(" ", "", StringComparison.Ordinal));
        });
        Assert.Empty(await InOutbox());
        Assert.Equal(0, await App.InDatabase(async db => await db.Set<Notification>().CountAsync(n => n.Payload.Contains(name))
            + await db.Set<QueuedEvent>().CountAsync(e => e.Payload.Contains(name))));
    }

    [Fact]
    public async Task An_answer_to_a_notification_erased_while_it_was_on_its_way_is_not_kept()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (_, subscription) = await Echoing(async (context, n) =>
        {
            arrived.TrySetResult();
            await release.Task;
            await WebhookReceiver.Echo(context, n);
        });
        try
        {
            await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", Forms[0], "4930111"));
            await arrived.Task.WaitAsync(Eventually.Bound, TestContext.Current.CancellationToken);

            await Erase(Forms[1]);
        }
        finally
        {
            release.TrySetResult();
        }

        await Eventually.Until(async () => (await Admin.Get($"/api/v1/webhooks/{subscription}/deliveries")).GetProperty("items").GetArrayLength() > 0,
            "the attempt recorded");
        var attempt = (await Admin.Get($"/api/v1/webhooks/{subscription}/deliveries")).GetProperty("items")[0];
        Assert.Equal(200, attempt.GetProperty("status").GetInt32()); // it was answered, echoing the number: the answer is not kept
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("response").ValueKind);
        Assert.Empty(await InOutbox());
    }

    [Fact]
    public async Task The_audit_entry_has_the_actor_and_reason_but_no_number_and_the_same_reference_for_a_repeated_request()
    {
        await Scatter();

        var first = await Erase(Forms[3], $"Request of 2026-11-25 (ticket 4711, wrote from {Forms[0]})");
        var again = await Erase(Forms[1], "Asked again");

        Assert.Equal(first.GetProperty("reference").GetString(), again.GetProperty("reference").GetString());
        Assert.True(again.GetProperty("repeated").GetBoolean());
        Assert.Equal(0, again.GetProperty("total").GetInt32());
        Assert.All(again.GetProperty("changed").EnumerateObject(), kind => Assert.Equal(0, kind.Value.GetInt32()));
        var entries = (await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "privacy.erase").ToList();
        var reference = first.GetProperty("reference").GetString()!;
        var ours = entries.Where(e => e.GetProperty("target").GetString()!.Contains(reference, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ours.Count);
        Assert.All(ours, e => Assert.Equal("admin key", e.GetProperty("actor").GetString()));
        Assert.Contains(ours, e => e.GetProperty("target").GetString()!.Contains("ticket 4711", StringComparison.Ordinal));
        Assert.All(ours, e => Assert.DoesNotContain(Local, e.GetProperty("target").GetString()!.Replace(" ", "", StringComparison.Ordinal)));
        var otherNumber = await Erase("+49 40 " + Random.Shared.Next(1_000_000, 9_999_999));
        Assert.NotEqual(reference, otherNumber.GetProperty("reference").GetString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("anonymous", "anonymous")]
    [InlineData("030 abc", "not a phone number")]
    [InlineData("+49", "country code")]
    public async Task A_number_that_is_empty_anonymous_or_no_number_is_refused_with_the_reason(string number, string reason)
    {
        var exportProblem = await Admin.Get($"/api/v1/privacy/export?number={Uri.EscapeDataString(number)}", 422);
        Assert.Contains(reason, exportProblem.ErrorsOf("number"), StringComparison.Ordinal);
        var eraseProblem = await Admin.Post("/api/v1/privacy/erase", new { number, reason = "test" }, 422);
        Assert.Contains(reason, eraseProblem.ErrorsOf("number"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erasure_without_a_reason_is_refused_and_a_number_found_nowhere_changes_nothing()
    {
        Assert.Contains("required", (await Admin.Post("/api/v1/privacy/erase", new { number = Forms[0] }, 422)).ErrorsOf("reason"), StringComparison.Ordinal);

        var report = await Erase(Forms[0]);

        Assert.Equal(0, report.GetProperty("total").GetInt32());
        Assert.Equal(["auditEntries", "callbacks", "calls", "contacts", "contactsDeleted", "deliveries", "events", "notes", "notifications"],
            report.GetProperty("changed").EnumerateObject().Select(kind => kind.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_and_erasure_are_for_admins_only()
    {
        var team = new Team(App);
        var agent = (await team.SignIn((await team.Add("agent")).UserName)).Browser;
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/v1/privacy/export?number={E164}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/privacy/erase", new { number = E164, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task An_erasure_that_fails_half_way_changes_nothing()
    {
        await Scatter();
        // Every event fanned out first: an export lists queued events after the notifications (and one fanned out while
        // it reads, twice), so a fan-out between the two exports would reorder what did not change.
        await Eventually.Until(async () => await App.InDatabase(db => db.Set<QueuedEvent>().CountAsync()) == 0, "the queue fanned out");
        var before = Sections(await Export(E164));
        Assert.Contains("evt_call_", before, StringComparison.Ordinal);
        var failure = App.Services.GetRequiredService<EraseFailure>();

        failure.Armed = true;
        try
        {
            using var response = await App.CreateAdminClient().PostAsJsonAsync("/api/v1/privacy/erase", new { number = E164, reason = "fails" });
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            failure.Armed = false;
        }

        Assert.Equal(before, Sections(await Export(E164)));
        Assert.NotEmpty(await DatabaseText.Holding(App, Local));
        Assert.DoesNotContain((await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray(),
            e => e.GetProperty("target").GetString()?.Contains("fails", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// What the export holds, the notifications by what they say (not by their state and attempts, which the worker
    /// moves on meanwhile).
    /// </summary>
    private static string Sections(JsonElement export) => string.Join("\n", export.GetProperty("sections").EnumerateObject().Select(section =>
        section.Name == "notifications"
            ? string.Join(",", section.Value.EnumerateArray().Select(n => $"{n.GetProperty("eventId")}/{n.GetProperty("subscriptionId")}: {n.GetProperty("payload")}"))
            : section.Value.ToString()));

    [Fact]
    public async Task Calls_older_than_the_setting_lose_their_numbers_to_the_job_and_keep_their_figures()
    {
        App.Time.Advance(TimeSpan.FromDays(2)); // a day of its own
        await Echoing();
        await Unreachable();
        var day = App.Time.GetUtcNow();
        var window = $"since={At(day.AddHours(-1))}&until={At(day.AddHours(23))}&by=queue";
        var queue = "q" + Local;
        var missed = await Missed(Forms[0], $"&queue={queue}");
        var callback = await OpenCallbackOf(E164);
        await Note(callback, "Anna Alone, her daughter answers");
        var answered = await Answered("in", OtherNumber(), "4930111", $"&queue={queue}&diversion=0{Local}");
        var before = await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(answered)}");
        var stats = (await Admin.Get($"/api/v1/stats?{window}")).ToString();

        App.Time.Advance(TimeSpan.FromDays(31));
        var fresh = await Missed(OtherNumber());
        var job = App.Services.GetRequiredService<AnonymiseService>();
        Assert.True(await job.AnonymiseAsync(TestContext.Current.CancellationToken) > 0);

        Assert.Equal(0, await job.AnonymiseAsync(TestContext.Current.CancellationToken)); // nothing left: a second run changes nothing
        foreach (var callId in new[] { missed, answered })
        {
            var detail = await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(callId)}");
            var call = detail.GetProperty("call");
            Assert.Equal(("erased", "erased", "erased", "erased"), (call.GetProperty("from").GetString(), call.GetProperty("to").GetString(),
                call.GetProperty("fromNumber").GetString(), call.GetProperty("toNumber").GetString()));
            Assert.Equal(queue, call.GetProperty("queue").GetString());
            foreach (var fields in detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("fields")))
            {
                foreach (var personal in new[] { "from", "to", "diversion" })
                {
                    Assert.Equal("erased", fields.TryGetProperty(personal, out var value) ? value.GetString() : "erased");
                }
                foreach (var impersonal in new[] { "event", "callId", "queue", "done" })
                {
                    Assert.NotEqual("erased", fields.TryGetProperty(impersonal, out var value) ? value.ToString() : "kept");
                }
            }
        }
        var after = await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(answered)}");
        foreach (var figure in new[] { "waitingSeconds", "talkingSeconds", "answeredBy", "state", "startedAt", "endedAt" })
        {
            Assert.Equal(before.GetProperty("call").GetProperty(figure).ToString(), after.GetProperty("call").GetProperty(figure).ToString());
        }
        Assert.Equal(stats, (await Admin.Get($"/api/v1/stats?{window}")).ToString());
        var anonymised = await Admin.Get($"/api/v1/callbacks/{callback}");
        Assert.Equal(("erased", "open", "erased"), (anonymised.GetProperty("number").GetString(), anonymised.GetProperty("state").GetString(),
            Assert.Single(anonymised.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString()));
        Assert.DoesNotContain((await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray(),
            e => e.GetProperty("target").GetString()?.Contains(E164, StringComparison.Ordinal) == true);
        Assert.NotEqual("erased", (await App.FindCall(fresh))!.FromNumber); // younger than the setting: kept whole
        Assert.Empty(await InOutbox()); // the notifications about the old calls are gone, sent or pending, with their attempts
        // The fresh call's stay: in the outbox, or still queued for its fan-out.
        Assert.NotEqual(0, await App.InDatabase(async db => await db.Set<Notification>().CountAsync(n => n.Payload.Contains(fresh))
            + await db.Set<QueuedEvent>().CountAsync(e => e.Payload.Contains(fresh))));
    }

    [Fact]
    public async Task The_page_can_show_how_long_calls_are_kept()
    {
        var keeping = await Admin.Get("/api/v1/calls/keeping");
        Assert.Equal((365, 30), (keeping.GetProperty("retentionDays").GetInt32(), keeping.GetProperty("anonymiseAfterDays").GetInt32()));
    }
}

public sealed class PrivacyOnSqlite(SqliteApp app) : PrivacyBehaviour(app), IClassFixture<SqliteApp>;

public sealed class PrivacyOnPostgres(PostgresApp app) : PrivacyBehaviour(app), IClassFixture<PostgresApp>;
