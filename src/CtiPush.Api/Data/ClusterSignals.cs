using System.Collections.Concurrent;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// Signals between the instances on one database — "a call changed", "the rules changed" — so the others act at
/// once instead of at their next look. On PostgreSQL they are LISTEN/NOTIFY, nothing new to run; on SQLite (one
/// instance on one file) they stay in the process. A lost signal costs only time: every reader still looks for
/// itself once a second.
/// </summary>
public class ClusterSignals
{
    private readonly ConcurrentDictionary<string, Action> handlers = new();

    /// <summary>Runs <paramref name="handler"/> whenever <paramref name="channel"/> is signalled, here or on another instance.</summary>
    public void Subscribe(string channel, Action handler) => handlers.AddOrUpdate(channel, handler, (_, existing) => existing + handler);

    /// <summary>Signals every instance, this one included.</summary>
    public virtual void Publish(string channel) => Deliver(channel);

    protected void Deliver(string channel)
    {
        if (handlers.TryGetValue(channel, out var handler))
        {
            handler();
        }
    }
}

/// <summary>
/// The PostgreSQL kind: one connection LISTENs; NOTIFYs go out on another, off the request path and coalesced, so
/// a burst of a thousand changes costs a handful of notifications.
/// </summary>
public sealed class PostgresClusterSignals(string connectionString, ILogger<PostgresClusterSignals> logger) : ClusterSignals, IHostedService
{
    public static readonly string[] Channels = [CallLog.CallChangeFeed.Channel, Rules.RuleBook.Channel];

    private readonly ConcurrentDictionary<string, bool> pending = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private Task listening = Task.CompletedTask;
    private Task sending = Task.CompletedTask;

    public override void Publish(string channel)
    {
        Deliver(channel); // this instance at once, without the round trip
        if (pending.TryAdd(channel, true))
        {
            wake.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listening = Task.Run(() => ListenAsync(stopping.Token), CancellationToken.None);
        sending = Task.Run(() => SendAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(listening, sending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stop);
                connection.Notification += (_, notification) => Deliver(notification.Channel);
                foreach (var channel in Channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stop);
                }
                // Anything missed while not listening is picked up by the once-a-second looks; say it changed anyway.
                Array.ForEach(Channels, Deliver);
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (Exception failure) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning("Not listening for other instances' changes ({Reason}); again in 5 s", DatabaseUnavailableHandler.ReasonOf(failure));
                await Task.Delay(TimeSpan.FromSeconds(5), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendAsync(CancellationToken stop)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(stop);
                foreach (var channel in Channels.Where(channel => pending.TryRemove(channel, out _)))
                {
                    await using var notify = dataSource.CreateCommand($"NOTIFY {channel}");
                    await notify.ExecuteNonQueryAsync(stop);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogDebug("Could not tell other instances of a change ({Reason}); they see it within a second", DatabaseUnavailableHandler.ReasonOf(failure));
            }
        }
    }
}
