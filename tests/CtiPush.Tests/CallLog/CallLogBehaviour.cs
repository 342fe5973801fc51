using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CtiPush.Core;

namespace CtiPush.Tests.CallLog;

/// <summary>What happens to a call, event by event. The same suite runs on SQLite and on PostgreSQL.</summary>
public abstract class CallLogBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());

    [Fact]
    public async Task The_seed_curl_lines_get_empty_answers_and_log_one_answered_and_ended_call()
    {
        var start = App.Time.GetUtcNow();
        Assert.Equal("{}", await Pbx.Ok(Pbx.Post("event=newCall&from=493055571600&to=491711234567890&direction=in&callId=123456&user[]=Alice&user[]=Bob")));
        App.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal("{}", await Pbx.Ok(Pbx.Post("event=answer&callId=123456&user=John+Doe&from=493055571600&to=491711234567890&direction=in&answeringNumber=21199999999")));
        App.Time.Advance(TimeSpan.FromSeconds(95.7));
        Assert.Equal("{}", await Pbx.Ok(Pbx.Post("event=hangup&cause=normalClearing&callId=123456&from=493055571600&to=491711234567890&direction=in&answeringNumber=4921199999999")));

        var call = await App.FindCall("123456");
        Assert.NotNull(call);
        Assert.Equal(CallState.Hangup, call.State);
        Assert.Equal(CallDirection.In, call.Direction);
        Assert.Equal(("493055571600", "491711234567890"), (call.From, call.To));
        Assert.Equal(["Alice", "Bob"], call.Users);
        Assert.Equal("John Doe", call.AnsweredBy);
        Assert.Equal("21199999999", call.AnsweringNumber);
        Assert.Equal("normalClearing", call.Cause);
        Assert.Equal(start, call.StartedAt);
        Assert.Equal(start.AddSeconds(8), call.AnsweredAt);
        Assert.Equal(start.AddSeconds(103.7), call.EndedAt);
        Assert.Equal(TimeSpan.Zero, call.StartedAt.Offset);
        Assert.Equal(8, call.WaitingSeconds);
        Assert.Equal(95, call.TalkingSeconds);
        Assert.True(call.Done);
        Assert.Equal("main", call.Source);
    }

    [Theory]
    [InlineData("NOANSWER", "noAnswer", true)]
    [InlineData("noanswer", "noAnswer", true)]
    [InlineData("CANCEL", "cancel", true)]
    [InlineData("CHANUNAVAIL", "notFound", true)]
    [InlineData("FORWARDED", "forwarded", false)]
    [InlineData("Forwarded", "forwarded", false)]
    [InlineData("BLOCKED", "blocked", false)]
    [InlineData("a cause of its own", "other", true)]
    public async Task An_unanswered_inbound_call_is_missed_by_the_meaning_of_its_cause_not_its_spelling(string cause, string normalized, bool missed)
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId));
        await Pbx.Ok(Pbx.Hangup(callId, Uri.EscapeDataString(cause)));

        var call = await App.FindCall(callId);
        Assert.Equal(cause, call!.Cause); // stored as sent
        Assert.Equal(normalized, WireName<HangupCause>.Of(call.NormalizedCause!.Value));
        Assert.Equal(missed, call.Missed);
        Assert.Equal(!missed, call.Done);
    }

    public sealed record Step(string Event, double SecondsLater, string? User = null, string? Cause = null);

    public static TheoryData<string, string, Step[], bool, int?, int?> Outcomes()
    {
        var data = new TheoryData<string, string, Step[], bool, int?, int?>
        {
            // name, direction, steps after the newCall, done, waiting, talking
            { "outbound ringing", "out", [], true, null, null },
            { "outbound answered and hung up", "out", [new("answer", 5), new("hangup", 30, Cause: "normalClearing")], true, 5, 30 },
            { "outbound not answered", "out", [new("hangup", 7, Cause: "noAnswer")], true, 7, null },
            { "inbound ringing", "in", [], false, null, null },
            { "inbound answered", "in", [new("answer", 4, "Alice")], true, 4, null },
            { "inbound answered then hung up", "in", [new("answer", 4, "Alice"), new("hangup", 60, Cause: "normalClearing")], true, 4, 60 },
            { "inbound answered by voicemail then hung up", "in", [new("answer", 20, "voicemail"), new("hangup", 30, Cause: "normalClearing")], false, 20, 30 },
            { "inbound answered by Voicemail then hung up", "in", [new("answer", 20, "Voicemail"), new("hangup", 30, Cause: "normalClearing")], false, 20, 30 },
            { "inbound missed, forwarded", "in", [new("hangup", 12, Cause: "forwarded")], true, 12, null },
        };
        foreach (var cause in new[] { "busy", "cancel", "noAnswer", "congestion", "notFound", "normalClearing" })
        {
            data.Add($"inbound missed, {cause}", "in", [new("hangup", 9.5, Cause: cause)], false, 9, null);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task A_call_ends_done_or_not_with_its_waiting_and_talking_time(
        string scenario, string direction, Step[] steps, bool done, int? waiting, int? talking)
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction));
        foreach (var step in steps)
        {
            App.Time.Advance(TimeSpan.FromSeconds(step.SecondsLater));
            await Pbx.Ok(step.Event == "answer" ? Pbx.Answer(callId, step.User) : Pbx.Hangup(callId, step.Cause!));
        }

        var call = await App.FindCall(callId);
        Assert.NotNull(call);
        Assert.True(done == call.Done, $"{scenario}: done should be {done}");
        Assert.Equal(waiting, call.WaitingSeconds);
        Assert.Equal(talking, call.TalkingSeconds);
        Assert.Equal(steps.Length == 0 ? CallState.NewCall : WireName<CallState>.Parse(steps[^1].Event), call.State);
        if (steps.LastOrDefault(s => s.Cause is not null) is { } hangup)
        {
            Assert.Equal(hangup.Cause, call.Cause);
        }
    }

    [Fact]
    public async Task A_cause_the_protocol_does_not_name_is_kept_as_sent()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId));
        await Pbx.Ok(Pbx.Hangup(callId, "pbxSpecificCause"));
        Assert.Equal("pbxSpecificCause", (await App.FindCall(callId))!.Cause);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("&user[]=Alice", new[] { "Alice" })]
    [InlineData("&user[]=Alice&user[]=Bob&user[]=Carol+Smith", new[] { "Alice", "Bob", "Carol Smith" })]
    [InlineData("&user=Alice", new[] { "Alice" })]
    [InlineData("&user%5B%5D=Alice&user%5B%5D=Bob", new[] { "Alice", "Bob" })]
    public async Task The_users_of_a_new_call_are_kept_in_the_order_sent(string users, string[] expected)
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, extra: users));
        Assert.Equal(expected, (await App.FindCall(callId))!.Users);
    }

    [Fact]
    public async Task Call_id_is_accepted_as_an_alias_and_callId_wins_when_both_come()
    {
        var aliased = Pbx.NewCallId();
        await Pbx.Ok(Pbx.Post($"event=newCall&call_id={aliased}&direction=in&from=1&to=2"));
        Assert.NotNull(await App.FindCall(aliased));

        var winner = Pbx.NewCallId();
        var loser = Pbx.NewCallId();
        await Pbx.Ok(Pbx.Post($"event=newCall&call_id={loser}&callId={winner}&direction=in&from=1&to=2"));
        Assert.NotNull(await App.FindCall(winner));
        Assert.Null(await App.FindCall(loser));
    }

    [Fact]
    public async Task Fields_the_protocol_does_not_define_are_kept_with_the_raw_event()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, extra: "&origCallId=abc&xcid=x-1&diversion=4930111&userId[]=u1&userId[]=u2&fullUserId[]=f1"));

        var recorded = Assert.Single(await App.EventsOf(callId));
        var fields = JsonDocument.Parse(recorded.Fields).RootElement;
        Assert.Equal("abc", fields.GetProperty("origCallId").GetString());
        Assert.Equal("x-1", fields.GetProperty("xcid").GetString());
        Assert.Equal("4930111", fields.GetProperty("diversion").GetString());
        Assert.Equal(["u1", "u2"], fields.GetProperty("userId[]").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("f1", fields.GetProperty("fullUserId[]").GetString());
        Assert.Equal(callId, fields.GetProperty("callId").GetString());
    }

    [Fact]
    public async Task Every_event_is_stored_raw_in_the_order_it_arrived_with_its_arrival_time()
    {
        var callId = Pbx.NewCallId();
        var start = App.Time.GetUtcNow();
        await Pbx.Ok(Pbx.NewCall(callId));
        App.Time.Advance(TimeSpan.FromSeconds(3));
        await Pbx.Ok(Pbx.Answer(callId, "Alice"));
        App.Time.Advance(TimeSpan.FromSeconds(4));
        await Pbx.Ok(Pbx.Hangup(callId));

        var events = await App.EventsOf(callId);
        Assert.Equal(["newCall", "answer", "hangup"], events.Select(e => e.Type));
        Assert.Equal([start, start.AddSeconds(3), start.AddSeconds(7)], events.Select(e => e.ReceivedAt));
    }

    [Fact]
    public async Task A_repeated_new_call_creates_nothing_new_and_gets_the_same_answer()
    {
        var callId = Pbx.NewCallId();
        var first = await Pbx.Ok(Pbx.NewCall(callId));
        var started = (await App.FindCall(callId))!.StartedAt;
        var calls = await App.CountCalls();

        App.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(first, await Pbx.Ok(Pbx.NewCall(callId, extra: "&queue=late&user[]=Zoe")));

        Assert.Equal(calls, await App.CountCalls());
        var call = await App.FindCall(callId);
        Assert.Equal(started, call!.StartedAt);
        Assert.Equal(CallState.NewCall, call.State);
        Assert.Null(call.Queue);
        Assert.Empty(call.Users);
        Assert.Equal(2, (await App.EventsOf(callId)).Count);
    }

    [Fact]
    public async Task An_answer_for_an_unknown_call_is_kept_and_a_late_new_call_fills_in_without_moving_the_state_back()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.Answer(callId, "Alice", "&answeringNumber=4921199"));

        var call = await App.FindCall(callId);
        Assert.NotNull(call);
        Assert.Equal(CallState.Answer, call.State);
        Assert.Equal("Alice", call.AnsweredBy);
        Assert.Null(call.From);

        App.Time.Advance(TimeSpan.FromSeconds(1));
        await Pbx.Ok(Pbx.NewCall(callId, "in", "4930111", "4930222", "&user[]=Alice&user[]=Bob&queue=support"));

        call = await App.FindCall(callId);
        Assert.Equal(CallState.Answer, call!.State);
        Assert.Equal(("4930111", "4930222", CallDirection.In, "support"), (call.From, call.To, call.Direction, call.Queue));
        Assert.Equal(["Alice", "Bob"], call.Users);
        Assert.Equal("4921199", call.AnsweringNumber);
        Assert.True(call.Done);
    }

    [Fact]
    public async Task A_hangup_for_an_unknown_call_is_kept_from_what_it_carries()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.Hangup(callId, "cancel", "&direction=in&from=4930111&to=4930222"));

        var call = await App.FindCall(callId);
        Assert.NotNull(call);
        Assert.Equal((CallState.Hangup, "cancel", "4930111", "4930222"), (call.State, call.Cause, call.From, call.To));
        Assert.False(call.Done);

        await Pbx.Ok(Pbx.NewCall(callId, extra: "&user[]=Alice"));
        call = await App.FindCall(callId);
        Assert.Equal(CallState.Hangup, call!.State);
        Assert.Equal(["Alice"], call.Users);
    }

    [Fact]
    public async Task An_answer_overtaken_by_its_hangup_still_makes_the_call_answered_without_made_up_durations()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId));
        App.Time.Advance(TimeSpan.FromSeconds(10));
        await Pbx.Ok(Pbx.Hangup(callId, extra: "&answeringNumber=4921199999999"));
        Assert.False((await App.FindCall(callId))!.Done); // missed, as far as the log knows
        App.Time.Advance(TimeSpan.FromSeconds(1));
        await Pbx.Ok(Pbx.Answer(callId, "Bob", "&answeringNumber=21199999999"));

        var call = await App.FindCall(callId);
        Assert.Equal(CallState.Hangup, call!.State);
        Assert.Equal("Bob", call.AnsweredBy);
        Assert.Equal("21199999999", call.AnsweringNumber); // as in order: the answer's own
        Assert.Equal(call.EndedAt, call.AnsweredAt);
        Assert.Null(call.WaitingSeconds);
        Assert.Null(call.TalkingSeconds);
        Assert.True(call.Done); // answered, as it would be had the events come in order
    }

    [Fact]
    public async Task A_repeated_hangup_changes_nothing()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId));
        App.Time.Advance(TimeSpan.FromSeconds(5));
        await Pbx.Ok(Pbx.Hangup(callId, "busy"));
        var first = await App.FindCall(callId);

        App.Time.Advance(TimeSpan.FromSeconds(30));
        await Pbx.Ok(Pbx.Hangup(callId, "normalClearing"));

        var again = await App.FindCall(callId);
        Assert.Equal((first!.EndedAt, first.Cause, first.WaitingSeconds), (again!.EndedAt, again.Cause, again.WaitingSeconds));
    }

    [Fact]
    public async Task Answer_and_hangup_without_direction_keep_the_direction_of_the_new_call()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "out"));
        await Pbx.Ok(Pbx.Answer(callId));
        await Pbx.Ok(Pbx.Hangup(callId));
        Assert.Equal(CallDirection.Out, (await App.FindCall(callId))!.Direction);
    }

    [Fact]
    public async Task Each_pbx_has_its_own_calls_even_with_the_same_call_id()
    {
        var callId = Pbx.NewCallId();
        var other = new Pbx(App.CreateClient(), CtiPushApp.OtherToken);
        await Pbx.Ok(Pbx.NewCall(callId, "in"));
        await Pbx.Ok(other.NewCall(callId, "out"));

        Assert.Equal(CallDirection.In, (await App.FindCall(callId, "main"))!.Direction);
        Assert.Equal(CallDirection.Out, (await App.FindCall(callId, "other"))!.Direction);
    }

    [Fact]
    public async Task Two_events_of_one_call_arriving_at_the_same_instant_are_both_applied()
    {
        // Fresh calls, so both events race to create the row as well as to change it.
        var callIds = Enumerable.Range(0, 25).Select(_ => Pbx.NewCallId()).ToList();
        await Task.WhenAll(callIds.SelectMany(callId => new[]
        {
            Pbx.Ok(Pbx.Answer(callId, "Alice", "&direction=in&from=4930111&to=4930222")),
            Pbx.Ok(Pbx.Hangup(callId, "normalClearing")),
            Pbx.Ok(Pbx.NewCall(callId)),
        }));

        foreach (var callId in callIds)
        {
            var call = await App.FindCall(callId);
            Assert.NotNull(call);
            Assert.Equal(CallState.Hangup, call.State);
            Assert.Equal("Alice", call.AnsweredBy);
            Assert.Equal("normalClearing", call.Cause);
            Assert.NotNull(call.NewCallAt);
            // Each of the PBX's three once. (All 25 calls come from one number: a call that looks missed for a moment can
            // open a callback that a sibling's answer resolves, which ticks the call done — an entry of its own.)
            Assert.Equal(["answer", "hangup", "newCall"], (await App.EventsOf(callId)).Select(e => e.Type).Where(t => t is "newCall" or "answer" or "hangup").Order());
        }
    }

    [Fact]
    public async Task A_call_whose_hangup_never_comes_is_closed_with_cause_timeout_and_if_never_answered_shows_as_missed()
    {
        var (ringing, talking, outbound) = (Pbx.NewCallId(), Pbx.NewCallId(), Pbx.NewCallId());
        // A caller of its own: an answered call from the same number in another test would call this one back.
        var caller = "4930" + Random.Shared.Next(50_000_000, 59_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Pbx.Ok(Pbx.NewCall(ringing, "in", from: caller));
        await Pbx.Ok(Pbx.NewCall(talking, "in"));
        await Pbx.Ok(Pbx.Answer(talking, "Alice"));
        await Pbx.Ok(Pbx.NewCall(outbound, "out"));
        var stale = App.Services.GetRequiredService<StaleCallService>();

        App.Time.Advance(TimeSpan.FromMinutes(239));
        await stale.CloseStaleAsync(CancellationToken.None);
        Assert.Equal(CallState.NewCall, (await App.FindCall(ringing))!.State);

        App.Time.Advance(TimeSpan.FromMinutes(2));
        await stale.CloseStaleAsync(CancellationToken.None);

        var missed = (await App.FindCall(ringing))!;
        Assert.Equal((CallState.Hangup, "timeout", false), (missed.State, missed.Cause, missed.Done));
        Assert.Equal(App.Time.GetUtcNow(), missed.EndedAt);
        Assert.Null(missed.WaitingSeconds); // unknown: not made up
        var answered = (await App.FindCall(talking))!;
        Assert.Equal((CallState.Hangup, "timeout", true, 0), (answered.State, answered.Cause, answered.Done, answered.WaitingSeconds));
        Assert.Null(answered.TalkingSeconds);
        Assert.Equal((CallState.Hangup, true), ((await App.FindCall(outbound))!.State, (await App.FindCall(outbound))!.Done));
        Assert.Equal(["newCall", "timeout"], (await App.EventsOf(ringing)).Select(e => e.Type));

        await Pbx.Ok(Pbx.Hangup(ringing, "normalClearing")); // too late: kept in the trail, the call stays as closed
        Assert.Equal("timeout", (await App.FindCall(ringing))!.Cause);
    }
}

public sealed class CallLogOnSqlite(SqliteApp app) : CallLogBehaviour(app), IClassFixture<SqliteApp>;

public sealed class CallLogOnPostgres(PostgresApp app) : CallLogBehaviour(app), IClassFixture<PostgresApp>;
