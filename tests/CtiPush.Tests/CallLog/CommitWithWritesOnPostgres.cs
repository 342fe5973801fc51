using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Tests.Infrastructure;
using CtiPush.Tests.Notifications;

namespace CtiPush.Tests.CallLog;

/// <summary>
/// On PostgreSQL a batch no journey and no observer has anything to add to commits in the round trip that writes it;
/// where the stored state says otherwise after all, that round trip is rolled back whole and the batch written again,
/// the observers told. Each test counts the batches from the writer's own instruments.
/// </summary>
/// <remarks>On the notification tests' settings: a subscription's receiver on loopback.</remarks>
public sealed class CommitWithWritesOnPostgres(WebhookPostgresApp app) : IClassFixture<WebhookPostgresApp>
{
    private const string CommittedWithWrites = "ctipush.writer.committed_with_writes";
    private const string Unmet = "ctipush.writer.expectations_unmet";

    private readonly Pbx pbx = new(app.CreateClient());
    private readonly AdminApi admin = new(app.CreateAdminClient());

    [Fact]
    public async Task A_call_answered_and_ended_with_no_one_to_tell_commits_each_of_its_batches_with_their_writes()
    {
        using var measured = new Measurements(app.Services);
        var callId = Pbx.NewCallId();

        await Pbx.Ok(pbx.NewCall(callId, "in", Pbx.NewCallerNumber()));
        await Pbx.Ok(pbx.Answer(callId, "Erika"));
        await Pbx.Ok(pbx.Hangup(callId));

        Assert.Equal([1, 1, 1], measured.Of(CommittedWithWrites));
        Assert.Empty(measured.Of(Unmet));
        var call = (await app.FindCall(callId))!;
        Assert.Equal((CallState.Hangup, "Erika", 3), (call.State, call.AnsweredBy, call.Version));
        Assert.Equal(["newCall", "answer", "hangup"], (await app.EventsOf(callId)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_missed_call_is_written_in_a_transaction_that_opens_its_callback()
    {
        using var measured = new Measurements(app.Services);
        var number = Pbx.NewCallerNumber();
        var callId = Pbx.NewCallId();

        await Pbx.Ok(pbx.NewCall(callId, "in", number));
        await Pbx.Ok(pbx.Hangup(callId, "cancel"));

        Assert.Equal([1], measured.Of(CommittedWithWrites)); // the newCall only
        Assert.Empty(measured.Of(Unmet));
        Assert.Single(await Callbacks(number, "open"));
    }

    [Fact]
    public async Task An_answer_that_reaches_an_open_callback_is_rolled_back_and_written_again_and_resolves_the_callback()
    {
        var number = Pbx.NewCallerNumber();
        var missed = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(missed, "in", number));
        await Pbx.Ok(pbx.Hangup(missed, "cancel"));
        app.Time.Advance(TimeSpan.FromMinutes(5));
        using var measured = new Measurements(app.Services);
        var answered = Pbx.NewCallId();

        await Pbx.Ok(pbx.NewCall(answered, "in", number));
        await Pbx.Ok(pbx.Answer(answered, "Erika"));

        Assert.Equal([1], measured.Of(Unmet));
        Assert.Equal([1], measured.Of(CommittedWithWrites)); // the newCall only
        Assert.Empty(await Callbacks(number, "open"));
        Assert.Single(await Callbacks(number, "resolved"));
        Assert.Equal(["newCall", "answer"], (await app.EventsOf(answered)).Select(e => e.Type)); // the first write of the answer left nothing
        Assert.Equal(2, (await app.FindCall(answered))!.Version);
    }

    [Fact]
    public async Task A_new_call_a_transferred_leg_waits_for_is_rolled_back_and_written_again_and_the_leg_is_linked()
    {
        var original = Pbx.NewCallId();
        var leg = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(leg, "in", Pbx.NewCallerNumber(), extra: $"&origCallId={original}")); // the leg came first
        using var measured = new Measurements(app.Services);

        await Pbx.Ok(pbx.NewCall(original, "in", Pbx.NewCallerNumber()));

        Assert.Equal([1], measured.Of(Unmet));
        Assert.Empty(measured.Of(CommittedWithWrites));
        var originalRow = (await app.FindCall(original))!;
        Assert.Equal(originalRow.Id, (await app.FindCall(leg))!.JourneyId);
        Assert.Equal(["newCall"], (await app.EventsOf(original)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_milestone_a_subscription_wants_is_written_in_a_transaction_that_queues_its_notification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.answered" }, queue }, expected: 201);
        using var measured = new Measurements(app.Services);
        var callId = Pbx.NewCallId();

        await Pbx.Ok(pbx.NewCall(callId, "in", Pbx.NewCallerNumber(), extra: $"&queue={queue}"));
        await Pbx.Ok(pbx.Answer(callId, "Erika"));

        Assert.Equal([1], measured.Of(CommittedWithWrites)); // the newCall: its ringing is wanted by no one
        await Eventually.Until(() => receiver.Accepted.Any(r => r.Type == "call.answered"), "the answer's notification delivered");
    }

    [Fact]
    public async Task A_call_another_instance_changed_first_loses_the_race_in_the_round_trip_and_keeps_both_changes()
    {
        await using var twin = app.CreateTwin();
        var other = new Pbx(twin.CreateClient());
        app.Time.Advance(CommittedCalls.RestAfterLostRace); // copies given: the retry is written from this instance's stale one
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId, "in", Pbx.NewCallerNumber()));
        await Pbx.Ok(pbx.Answer(callId, "Erika"));
        await Pbx.Ok(other.Hangup(callId));
        using var measured = new Measurements(app.Services);

        await Pbx.Ok(pbx.Hangup(callId)); // the PBX's retry: answered, so not missed, and nothing for the worklist to add

        Assert.Equal([1], measured.Of("ctipush.writer.lost_races"));
        Assert.Equal([1], measured.Of(CommittedWithWrites)); // the second attempt, after a look-up
        var call = (await app.FindCall(callId))!;
        Assert.Equal((CallState.Hangup, "Erika", 4), (call.State, call.AnsweredBy, call.Version));
        Assert.Equal(["newCall", "answer", "hangup", "hangup"], (await app.EventsOf(callId)).Select(e => e.Type));
    }

    private async Task<List<System.Text.Json.JsonElement>> Callbacks(string number, string state) =>
        [.. (await admin.Get($"/api/v1/callbacks?state={state}&q={number}")).GetProperty("items").EnumerateArray()];
}
