using CtiPush.Data;

namespace CtiPush.CallLog;

/// <summary>
/// Wakes the live streams when a call changed, on this instance or (through <see cref="ClusterSignals"/>) another
/// on the same database. The streams read the changes themselves from the audit trail (its ids are the stream's
/// event ids), and look there once a second anyway, so a lost signal costs only time.
/// </summary>
public sealed class CallChangeFeed
{
    public const string Channel = "ctipush_calls";

    private readonly ClusterSignals signals;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CallChangeFeed(ClusterSignals signals)
    {
        this.signals = signals;
        signals.Subscribe(Channel, Wake);
    }

    /// <summary>Completes at the next change after this call.</summary>
    public Task NextChange => Volatile.Read(ref changed).Task;

    /// <summary>Calls changed here: every instance's streams look.</summary>
    public void Notify() => signals.Publish(Channel);

    private void Wake() =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
