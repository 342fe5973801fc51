using CtiPush.CallLog;
using CtiPush.Privacy;

namespace CtiPush.Callbacks;

/// <summary>
/// Someone to call back: while open, every missed inbound call from one number (E.164 digits, across PBXs) joins it.
/// It is resolved when the caller is reached — by an answered call to or from the number, found by itself — or by hand.
/// </summary>
public sealed class Callback
{
    public long Id { get; private set; }
    public string Number { get; private set; } = "";
    public CallbackState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset FirstAt { get; private set; }
    public DateTimeOffset LastAt { get; private set; }
    public List<string> Queues { get; private set; } = [];
    public int? LongestWaitSeconds { get; private set; }
    public string? ClaimedBy { get; private set; }
    public long? ClaimedByPersonId { get; private set; }
    public CallbackOutcome? Outcome { get; private set; }
    public long? ResolvedByCallId { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedBy { get; private set; }

    /// <summary>Optimistic concurrency: two agents claiming at once cannot both win.</summary>
    public int Version { get; private set; }

    public List<CallbackCall> Calls { get; private set; } = [];
    public List<CallbackNote> Notes { get; private set; } = [];

    public static Callback Open(string number) => new() { Number = number, State = CallbackState.Open };

    /// <summary>A missed call from the number joins: one more attempt by the caller.</summary>
    public void Add(Call call)
    {
        Version++;
        Calls.Add(new CallbackCall { CallRowId = call.Id });
        Attempts++;
        FirstAt = Attempts == 1 || call.StartedAt < FirstAt ? call.StartedAt : FirstAt;
        LastAt = call.StartedAt > LastAt ? call.StartedAt : LastAt;
        if (call.Queue is { } queue && !Queues.Contains(queue))
        {
            Queues.Add(queue);
        }
        if (call.WaitingSeconds > (LongestWaitSeconds ?? -1))
        {
            LongestWaitSeconds = call.WaitingSeconds;
        }
    }

    /// <summary>A call that is no longer missed (a person answered another leg of it) leaves.</summary>
    public void Remove(long callRowId)
    {
        Version++;
        Calls.RemoveAll(c => c.CallRowId == callRowId);
        Attempts = Calls.Count;
    }

    public void Claim(string by, long? personId)
    {
        Version++;
        (ClaimedBy, ClaimedByPersonId) = (by, personId);
    }

    public void Release()
    {
        Version++;
        (ClaimedBy, ClaimedByPersonId) = (null, null);
    }

    public void Note(string author, string text, DateTimeOffset now)
    {
        Version++;
        Notes.Add(new CallbackNote { At = now, Author = author, Text = text });
    }

    /// <summary>
    /// The caller's number is erased (on request, or by age): the callback stays as it was for the figures, without
    /// it. An open one stays open until someone resolves it (it can no longer be reached, so: not needed).
    /// </summary>
    public void Erase()
    {
        Version++;
        Number = IPersonalData.Erased;
    }

    public void Resolve(CallbackOutcome outcome, string by, DateTimeOffset now, long? byCallId = null)
    {
        Version++;
        State = CallbackState.Resolved;
        (Outcome, ResolvedBy, ResolvedAt, ResolvedByCallId) = (outcome, by, now, byCallId);
    }
}
