using CtiPush.Rules;
using CtiPush.Core;
using CtiPush.Privacy;

namespace CtiPush.CallLog;

/// <summary>
/// One call of one PBX (source, callId) and what happens to it. PBXs retry, reorder and duplicate events,
/// so every transition here is idempotent and never moves a call back: a late newCall only fills gaps,
/// an answer after the hangup only says who answered, a second hangup changes nothing.
/// </summary>
public sealed class Call
{
    /// <summary>The name PBXs give the mailbox; a call it took still needs a call back.</summary>
    public const string VoicemailUser = "voicemail";

    private Call() { }

    public long Id { get; private set; }
    public string Source { get; private set; } = "";
    public string CallId { get; private set; } = "";
    public CallState State { get; private set; }
    public CallDirection? Direction { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }

    /// <summary><see cref="From"/> and <see cref="To"/> as E.164 digits, for matching and search; null when not a number.</summary>
    public string? FromNumber { get; private set; }
    public string? ToNumber { get; private set; }
    public string? Queue { get; private set; }
    public List<string> Users { get; private set; } = [];
    public string? AnsweredBy { get; private set; }
    public string? AnsweringNumber { get; private set; }
    /// <summary>The hangup's cause as the PBX sent it.</summary>
    public string? Cause { get; private set; }

    /// <summary><see cref="Cause"/> read once through <see cref="HangupCauses"/>: what missed, blocked and the figures go by.</summary>
    public HangupCause? NormalizedCause { get; private set; }

    /// <summary>When the call began: its newCall, or the first event seen for it when the newCall came late or never.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When its newCall arrived; null while only answer or hangup events have been seen.</summary>
    public DateTimeOffset? NewCallAt { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int? WaitingSeconds { get; private set; }
    public int? TalkingSeconds { get; private set; }

    /// <summary>False while a missed inbound call still needs a call back.</summary>
    public bool Done { get; private set; }

    /// <summary>sipgate's <c>origCallId</c>: this call is a later leg (a transfer) of that call of the same PBX.</summary>
    public string? OriginalCallId { get; private set; }

    /// <summary>The row id of the first leg of the journey this call is part of; null for a call with no legs.</summary>
    public long? JourneyId { get; private set; }

    /// <summary>A person answered another leg of this call's journey: the caller was reached, so this leg is not missed.</summary>
    public bool AnsweredOnAnotherLeg { get; private set; }

    /// <summary>The answer given to the newCall, so a repeated newCall gets the same one.</summary>
    public CallDecision Decision { get; private set; } = CallDecision.None;

    /// <summary>Optimistic concurrency: two events for one call at once cannot both win on a stale row.</summary>
    public int Version { get; private set; }

    public List<CallEvent> Events { get; private set; } = [];

    /// <summary>The id the database gave the call's row, where the writer inserts calls by a statement of its own (<see cref="CallRecorder"/>).</summary>
    public void StoredAs(long id) => Id = id;

    /// <summary>The milestones as this instance was loaded (none when opened here), kept at its first change.</summary>
    private CallMilestones? milestonesBefore;

    public static Call Open(string source, string callId, DateTimeOffset now) => new()
    {
        Source = source,
        CallId = callId,
        State = CallState.NewCall,
        StartedAt = now,
        milestonesBefore = CallMilestones.None,
    };

    /// <summary>A copy to change in a later batch, as if read afresh: its milestones as they are, no new trail entries.</summary>
    public Call Copy()
    {
        var copy = (Call)MemberwiseClone();
        copy.Users = [.. Users];
        copy.Events = [];
        copy.milestonesBefore = null;
        return copy;
    }

    /// <summary>What the call has reached so far.</summary>
    public CallMilestones Milestones =>
        (State == CallState.NewCall && !Blocked ? CallMilestones.Ringing : CallMilestones.None)
        | (AnsweredAt is not null ? CallMilestones.Answered : CallMilestones.None)
        | (State == CallState.Hangup ? CallMilestones.Ended : CallMilestones.None)
        | (Missed ? CallMilestones.Missed : CallMilestones.None);

    /// <summary>
    /// The milestones the changes made to this instance reached: what it has now and had not when loaded (or opened).
    /// A call is read afresh for each change (each batch of events), so this is what that change did.
    /// </summary>
    public CallMilestones ReachedNow => Milestones & ~(milestonesBefore ?? Milestones);

    /// <summary>Whether the call was missed as loaded (before this change): only a call missed now or then can be on the worklist.</summary>
    public bool WasMissed => (milestonesBefore ?? Milestones).HasFlag(CallMilestones.Missed);

    /// <summary>Called first by every change that can move a milestone.</summary>
    private void BeforeChange() => milestonesBefore ??= Milestones;

    /// <summary>Applies one event and records it, raw, in the call's audit trail; answers that entry.</summary>
    public CallEvent Apply(CtiEvent e, string rawFields, DateTimeOffset now)
    {
        BeforeChange();
        Version++;
        var recorded = new CallEvent(WireName<CallState>.Of(e.Type), now, rawFields);
        Events.Add(recorded);
        if (e.Type == CallState.NewCall && NewCallAt is not null)
        {
            return recorded; // a retry of the newCall: kept in the audit trail, nothing else changes
        }
        var filled = FillGaps(e);
        var changed = e.Type switch
        {
            CallState.NewCall => NewCall(e, now),
            CallState.Answer => Answer(e, now),
            _ => Hangup(e, now),
        };
        if (e.Type == CallState.Hangup && e.TakenByMailbox)
        {
            changed |= Answer(e with { Users = [VoicemailUser] }, now);
        }
        if (changed || filled)
        {
            Done = IsDone(); // a retried or late event leaves an admin's "done" alone
        }
        return recorded;
    }

    /// <summary>Someone marks the call done (called back) or not; the change joins the audit trail with who did it.</summary>
    public void MarkDone(bool done, DateTimeOffset now, string by)
    {
        Done = done;
        Version++;
        Events.Add(new CallEvent(done ? "done" : "undone", now,
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["done"] = done, ["by"] = by })));
    }

    /// <summary>The cause of a call the service closed because its hangup never came.</summary>
    public const string TimeoutCause = "timeout";

    /// <summary>The audit trail's entry for a number erased from the call.</summary>
    public const string ErasedEvent = "erased";

    /// <summary>
    /// Ends a call whose hangup never came. How long it rang or talked is unknown, so no duration is made up; a
    /// call never answered is missed. A hangup arriving after this changes nothing, as any second hangup.
    /// </summary>
    public void TimeOut(DateTimeOffset now)
    {
        BeforeChange();
        Version++;
        Events.Add(new CallEvent(TimeoutCause, now, """{"cause":"timeout"}"""));
        State = CallState.Hangup;
        EndedAt = now;
        Cause = TimeoutCause;
        NormalizedCause = HangupCause.Timeout;
        Done = IsDone();
    }

    /// <summary>Records the rule engine's answer to the first newCall of this call.</summary>
    public void Decide(CallDecision decision)
    {
        BeforeChange();
        Decision = decision;
        Done = IsDone(); // a blocked caller needs no call back
    }

    private bool NewCall(CtiEvent e, DateTimeOffset now)
    {
        NewCallAt = now;
        if (e.Users.Count > 0 && Users.Count == 0)
        {
            Users = [.. e.Users];
        }
        return true;
    }

    private bool Answer(CtiEvent e, DateTimeOffset now)
    {
        AnsweredBy ??= e.Users.FirstOrDefault();
        if (AnsweredAt is not null)
        {
            return false; // repeated: the first answer stands
        }
        AnsweringNumber = e.AnsweringNumber ?? AnsweringNumber; // the answer's own beats what a hangup carried
        if (State == CallState.Hangup)
        {
            // Overtaken on the way by its hangup: the call was answered all the same, so it ends as it would have
            // in order. When it was answered is unknown; no waiting or talking time is made up.
            AnsweredAt = EndedAt;
            WaitingSeconds = null;
            return true;
        }
        State = CallState.Answer;
        AnsweredAt = now;
        WaitingSeconds = WholeSeconds(StartedAt, now);
        return true;
    }

    private bool Hangup(CtiEvent e, DateTimeOffset now)
    {
        if (State == CallState.Hangup)
        {
            return false; // a repeated hangup changes nothing
        }
        State = CallState.Hangup;
        EndedAt = now;
        Cause = e.Cause;
        NormalizedCause = HangupCauses.Normalize(e.Cause);
        if (AnsweredAt is { } answeredAt)
        {
            TalkingSeconds = WholeSeconds(answeredAt, now);
        }
        else
        {
            WaitingSeconds = WholeSeconds(StartedAt, now);
        }
        return true;
    }

    /// <summary>Whatever an event carries fills what the call does not know yet; nothing known is overwritten.</summary>
    /// <returns>Whether the direction was learnt, which decides whether the call needs a call back.</returns>
    private bool FillGaps(CtiEvent e)
    {
        var directionLearnt = Direction is null && e.Direction is not null;
        Direction ??= e.Direction;
        if (From is null && e.From is not null)
        {
            (From, FromNumber) = (e.From, e.FromNumber);
        }
        if (To is null && e.To is not null)
        {
            (To, ToNumber) = (e.To, e.ToNumber);
        }
        Queue ??= e.Queue;
        AnsweringNumber ??= e.AnsweringNumber;
        OriginalCallId ??= e.OrigCallId;
        return directionLearnt;
    }

    /// <summary>Done by itself: outbound, answered by a person, forwarded, blocked; a missed call waits for a call back.</summary>
    private bool IsDone() => Direction == CallDirection.Out || State == CallState.Answer || Blocked || (State == CallState.Hangup && !Missed);

    /// <summary>The rules rejected the caller, or the PBX says it blocked them: kept and counted as blocked, never as missed.</summary>
    public bool Blocked => Decision.Action == CallDecision.RejectAction || NormalizedCause == HangupCause.Blocked;

    /// <summary>A person (not the mailbox) answered this call.</summary>
    public bool AnsweredByPerson => AnsweredAt is not null && !string.Equals(AnsweredBy, VoicemailUser, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An inbound call that ended without a person answering it on any leg (the mailbox is no person), not forwarded and
    /// not blocked: someone should call back.
    /// </summary>
    public bool Missed => IsMissed(Direction, State, AnsweredAt is not null, AnsweredBy, NormalizedCause) && !Blocked && !AnsweredOnAnotherLeg;

    /// <summary>
    /// The one definition of missed for one leg, for a call and for figures read from many calls. By the normalised
    /// cause, so an Asterisk bridge's <c>NOANSWER</c> is missed as the protocol's <c>noAnswer</c> is.
    /// </summary>
    public static bool IsMissed(CallDirection? direction, CallState state, bool answered, string? answeredBy, HangupCause? cause) =>
        direction != CallDirection.Out && state == CallState.Hangup && (answered
            ? string.Equals(answeredBy, VoicemailUser, StringComparison.OrdinalIgnoreCase)
            : cause is not (HangupCause.Forwarded or HangupCause.Blocked));

    /// <summary>Joins this call to the journey of <paramref name="journeyId"/> (the first leg's row id).</summary>
    public void JoinJourney(long journeyId)
    {
        if (JourneyId != journeyId)
        {
            JourneyId = journeyId;
            Version++; // a writer holding the call as it was must not write it back unlinked (CommittedCalls)
        }
    }

    /// <summary>A person answered another leg: this one is no longer missed, and needs no call back.</summary>
    public void ReachedOnAnotherLeg()
    {
        if (AnsweredOnAnotherLeg)
        {
            return;
        }
        BeforeChange();
        AnsweredOnAnotherLeg = true;
        Version++;
        Done = IsDone();
    }

    /// <summary>
    /// Takes a caller's number out of the call: a side that is the number (as posted and normalised) becomes
    /// <see cref="IPersonalData.Erased"/>, and so does the number where the answering number or the decision names it.
    /// Times, durations, state, queue and agents stay, so the figures do not move.
    /// </summary>
    /// <returns>Whether anything changed; if so, the erasure joins the audit trail (who, never what), and live pages show it.</returns>
    public bool Erase(NumberMatcher number, DateTimeOffset now, string by)
    {
        var changed = false;
        if (FromNumber == number.Digits || number.IsNumber(From))
        {
            (From, FromNumber, changed) = (IPersonalData.Erased, IPersonalData.Erased, true);
        }
        if (ToNumber == number.Digits || number.IsNumber(To))
        {
            (To, ToNumber, changed) = (IPersonalData.Erased, IPersonalData.Erased, true);
        }
        if (number.Mentions(AnsweringNumber))
        {
            (AnsweringNumber, changed) = (number.Scrub(AnsweringNumber!), true);
        }
        if (number.Mentions(Decision.Rule) || number.Mentions(Decision.CallerId))
        {
            Decision = Decision with { Rule = Scrub(Decision.Rule, number), CallerId = Scrub(Decision.CallerId, number) };
            changed = true;
        }
        if (changed)
        {
            Version++;
            Events.Add(new CallEvent(ErasedEvent, now, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["by"] = by })));
        }
        return changed;
    }

    /// <summary>Replaces every number of the call (and the caller's in the decision) by <see cref="IPersonalData.Erased"/>, for good.</summary>
    public void Anonymise(IEnumerable<NumberMatcher> ownNumbers)
    {
        foreach (var number in ownNumbers)
        {
            Decision = Decision with { Rule = Scrub(Decision.Rule, number) };
        }
        From = From is null ? null : IPersonalData.Erased;
        To = To is null ? null : IPersonalData.Erased;
        FromNumber = FromNumber is null ? null : IPersonalData.Erased;
        ToNumber = ToNumber is null ? null : IPersonalData.Erased;
        AnsweringNumber = AnsweringNumber is null ? null : IPersonalData.Erased;
        Version++;
    }

    /// <summary>Whether the call still holds a number (not yet anonymised or erased).</summary>
    public static System.Linq.Expressions.Expression<Func<Call, bool>> HoldsNumbers { get; } = c =>
        (c.From != null && c.From != IPersonalData.Erased) || (c.To != null && c.To != IPersonalData.Erased)
        || (c.AnsweringNumber != null && c.AnsweringNumber != IPersonalData.Erased);

    private static string? Scrub(string? text, NumberMatcher number) => text is null ? null : number.Scrub(text);

    private static int WholeSeconds(DateTimeOffset from, DateTimeOffset to) =>
        Math.Max(0, (int)Math.Floor((to - from).TotalSeconds));
}
