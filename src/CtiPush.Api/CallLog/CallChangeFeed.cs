namespace CtiPush.CallLog;

/// <summary>
/// Wakes the live streams when a call changed on this instance. The streams read the changes themselves from the
/// audit trail (its ids are the stream's event ids), and look there once a second anyway, which is how they see
/// what other instances wrote.
/// </summary>
public sealed class CallChangeFeed
{
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after this call.</summary>
    public Task NextChange => Volatile.Read(ref changed).Task;

    public void Notify() =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
