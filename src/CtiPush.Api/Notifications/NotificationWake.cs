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
        try
        {
            signalled.Release();
        }
        catch (SemaphoreFullException)
        {
            // signalled already: the worker looks once for all of them
        }
    }

    /// <summary>Until signalled or <paramref name="timeout"/> passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signalled.WaitAsync(timeout, cancellationToken);
}
