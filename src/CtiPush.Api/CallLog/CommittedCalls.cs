using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>
/// The calls this instance's writer committed last, as committed, so the next event of a call in progress needs no
/// look-up: most batches then go to the database once, to write and commit (CallRecorder). Only the writer's loop touches it.
/// A copy is right only while no one else changed the row, and every change to a call moves its
/// <see cref="Call.Version"/>, which the writer's <c>UPDATE</c> checks: a stale copy makes its batch lose the race,
/// and <see cref="Data.ConflictRetry"/> reapplies the batch with a real look-up.
/// </summary>
internal sealed class CommittedCalls(TimeProvider time)
{
    /// <summary>
    /// How long no copies are given after a batch lost a race. Instances that share the calls of a PBX (events spread
    /// round robin) would find their copies stale most of the time, and write nearly every batch twice; they look up.
    /// </summary>
    public static readonly TimeSpan RestAfterLostRace = TimeSpan.FromMinutes(1);

    /// <summary>Far more than the calls in progress at once on a PBX; a few MB at most.</summary>
    public const int InProgressCapacity = 4096;

    /// <summary>
    /// Ended calls kept for a retried or late event (a newCall after its hangup); few, so that they are gone before
    /// the garbage collector has to move them to its older generations.
    /// </summary>
    public const int EndedCapacity = 256;

    private readonly Dictionary<(string Source, string CallId), Call> inProgress = [];
    private readonly Dictionary<(string Source, string CallId), Call> ended = [];
    private DateTimeOffset restingUntil = DateTimeOffset.MinValue;

    /// <summary>
    /// Whether copies are given now. While they rest, a call without one may well be stored (by this writer too: its
    /// answer came before its newCall), so nothing is presumed new.
    /// </summary>
    public bool Giving => time.GetUtcNow() >= restingUntil;

    /// <summary>A copy of the call as committed last, to change, or null when this writer has none or copies rest.</summary>
    public Call? CopyOf((string Source, string CallId) key) =>
        Giving && (inProgress.TryGetValue(key, out var call) || ended.TryGetValue(key, out call)) ? call.Copy() : null;

    /// <summary>Keeps the calls a transaction committed. They are never changed after: a later batch changes copies.</summary>
    public void Keep(IEnumerable<Call> committed)
    {
        foreach (var call in committed)
        {
            var key = (call.Source, call.CallId);
            var (keeping, other, capacity) = call.State == CallState.Hangup
                ? (ended, inProgress, EndedCapacity)
                : (inProgress, ended, InProgressCapacity);
            other.Remove(key);
            if (keeping.Count >= capacity && !keeping.ContainsKey(key))
            {
                // Ended: the oldest go with the rest. In progress: mostly calls whose hangup never came (the stale-call
                // sweep ends them, with a new version).
                keeping.Clear();
            }
            keeping[key] = call;
        }
    }

    /// <summary>Another writer changed or stored a call of a batch first: copies may be stale for a while.</summary>
    public void LostRace()
    {
        restingUntil = time.GetUtcNow() + RestAfterLostRace;
        Forget();
    }

    /// <summary>After a batch that failed: whether its transaction committed is not known.</summary>
    public void Forget()
    {
        inProgress.Clear();
        ended.Clear();
    }
}
