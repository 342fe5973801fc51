using CtiPush.CallLog;
using CtiPush.Core;
using Microsoft.Extensions.Time.Testing;

namespace CtiPush.Tests.CallLog;

/// <summary>The writer's copies of the calls it committed (<see cref="CommittedCalls"/>): separate, and bounded.</summary>
public sealed class CommittedCallsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static Call Ringing(string callId)
    {
        var call = Call.Open("main", callId, Now);
        call.Apply(new CtiEvent(CallState.NewCall, callId, CallDirection.In, "4930111", "4930222", Users: ["alice"]), "{}", Now);
        return call;
    }

    private static Call Ended(string callId)
    {
        var call = Ringing(callId);
        call.Apply(new CtiEvent(CallState.Hangup, callId, Cause: "cancel"), "{}", Now.AddSeconds(5));
        return call;
    }

    [Fact]
    public void A_copy_changes_without_touching_the_call_as_committed_which_a_post_may_still_be_reading()
    {
        var kept = Ringing("c1");
        var committed = new CommittedCalls(TimeProvider.System);
        committed.Keep([kept]);

        var copy = committed.CopyOf(("main", "c1"))!;
        copy.Apply(new CtiEvent(CallState.Answer, "c1", Users: ["bob"]), "{}", Now.AddSeconds(3));

        Assert.Equal((CallState.Answer, "bob", CallMilestones.Answered), (copy.State, copy.AnsweredBy, copy.ReachedNow));
        Assert.Equal((CallState.NewCall, null, 1), (kept.State, kept.AnsweredBy, kept.Version));
        Assert.Equal(["alice"], kept.Users);
        Assert.Single(kept.Events);
        Assert.Single(copy.Events); // the copy's own entry of the trail, not the committed call's
        Assert.Equal(CallState.NewCall, committed.CopyOf(("main", "c1"))!.State);
    }

    [Fact]
    public void An_ended_call_is_kept_for_a_late_event_until_more_calls_have_ended_and_then_looked_up()
    {
        var committed = new CommittedCalls(TimeProvider.System);
        committed.Keep([Ringing("first")]);
        committed.Keep([Ended("first")]);
        Assert.Equal(CallState.Hangup, committed.CopyOf(("main", "first"))!.State);

        committed.Keep(Enumerable.Range(0, CommittedCalls.EndedCapacity).Select(n => Ended($"later-{n}")));

        Assert.Null(committed.CopyOf(("main", "first")));
        Assert.NotNull(committed.CopyOf(("main", $"later-{CommittedCalls.EndedCapacity - 1}")));
    }

    [Fact]
    public void Calls_in_progress_stay_until_more_than_a_PBX_has_at_once_then_all_are_looked_up_again()
    {
        var committed = new CommittedCalls(TimeProvider.System);
        committed.Keep(Enumerable.Range(0, CommittedCalls.InProgressCapacity).Select(n => Ringing($"c-{n}")));
        committed.Keep(Enumerable.Range(0, 300).Select(n => Ended($"ended-{n}"))); // ended calls take no room from them
        Assert.NotNull(committed.CopyOf(("main", "c-0")));

        committed.Keep([Ringing("one-too-many")]);

        Assert.Null(committed.CopyOf(("main", "c-0")));
        Assert.NotNull(committed.CopyOf(("main", "one-too-many")));
    }

    [Fact]
    public void After_a_failed_batch_nothing_is_kept()
    {
        var committed = new CommittedCalls(TimeProvider.System);
        committed.Keep([Ringing("c1"), Ended("c2")]);

        committed.Forget();

        Assert.Null(committed.CopyOf(("main", "c1")));
        Assert.Null(committed.CopyOf(("main", "c2")));
    }

    [Fact]
    public void After_a_lost_race_no_copy_is_given_for_a_while_so_instances_sharing_calls_look_them_up_instead()
    {
        var time = new FakeTimeProvider(Now);
        var committed = new CommittedCalls(time);
        committed.Keep([Ringing("c1")]);

        committed.LostRace();
        committed.Keep([Ringing("c2")]);

        Assert.Null(committed.CopyOf(("main", "c1")));
        Assert.Null(committed.CopyOf(("main", "c2")));
        time.Advance(CommittedCalls.RestAfterLostRace - TimeSpan.FromSeconds(1));
        Assert.Null(committed.CopyOf(("main", "c2")));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(committed.CopyOf(("main", "c2")));
        Assert.Null(committed.CopyOf(("main", "c1"))); // forgotten: it may be the stale one
    }
}
