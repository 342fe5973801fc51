using CtiPush.CallLog;
using CtiPush.Data;

namespace CtiPush.Notifications;

/// <summary>
/// Wakes the delivery worker when something may be due: after a change committed here (the calls' signal, which
/// every instance on PostgreSQL hears too) or after the API queued a test or a retry. The worker also looks by
/// itself every <c>Webhooks:PollSeconds</c>, so a lost signal costs only time.
/// </summary>
public sealed class NotificationWake
{
    private readonly SemaphoreSlim signalled = new(0, 1);

    public NotificationWake(ClusterSignals signals) => signals.Subscribe(CallChangeFeed.Channel, Signal);

    public void Signal()
    {
        // Signalled already (the worker, idle without subscriptions, looks only at its poll interval): nothing to add.
        // Not left to the exception: every batch of PBX events signals, and a thrown exception each cost 0.6 % of the
        // service's CPU at full load (perf).
        if (signalled.CurrentCount > 0)
        {
            return;
        }
        try
        {
            signalled.Release();
        }
        catch (SemaphoreFullException)
        {
            // another signal got there between the look and the release: the worker looks once for both
        }
    }

    /// <summary>Until signalled or <paramref name="timeout"/> passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signalled.WaitAsync(timeout, cancellationToken);
}
