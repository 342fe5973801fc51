using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>
/// The calls this instance's writer committed last, as committed, so the next event of a call in progress needs no
/// look-up: most batches then go to the database once to write and once to commit. Only the writer's loop touches it.
/// A copy is right only while no one else changed the row, and every change to a call moves its
/// <see cref="Call.Version"/>, which the writer's <c>UPDATE</c> checks: a stale copy loses its batch the race, and
/// <see cref="Data.ConflictRetry"/> reapplies the batch with a real look-up.
/// </summary>
internal sealed class CommittedCalls
{
    /// <summary>
    /// Far more than the calls in progress at once; a few MB. Ended calls go first when it is full: their next event
    /// (a retry, a late answer) is rare, and is looked up.
    /// </summary>
    public const int Capacity = 4096;

    private readonly Dictionary<(string Source, string CallId), Call> calls = [];

    /// <summary>A copy of the call as committed last, to change, or null when this writer has none.</summary>
    public Call? CopyOf((string Source, string CallId) key) => calls.TryGetValue(key, out var call) ? call.Copy() : null;

    /// <summary>Keeps the calls a transaction committed. They are never changed after: a later batch changes copies.</summary>
    public void Keep(IEnumerable<Call> committed)
    {
        foreach (var call in committed)
        {
            calls[(call.Source, call.CallId)] = call;
        }
        if (calls.Count > Capacity)
        {
            foreach (var ended in calls.Where(c => c.Value.State == CallState.Hangup).Select(c => c.Key).ToList())
            {
                calls.Remove(ended);
            }
            if (calls.Count > Capacity)
            {
                calls.Clear(); // calls whose hangup never came: the stale-call sweep ends them, with a new version
            }
        }
    }

    /// <summary>After a batch that failed: whether its transaction committed is not known.</summary>
    public void Forget() => calls.Clear();
}
