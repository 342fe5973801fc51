using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// The PostgreSQL kind: one connection LISTENs; NOTIFYs go out on another, off the request path and coalesced, so
/// a burst of a thousand changes costs a handful of notifications.
/// </summary>
public sealed class PostgresClusterSignals(string connectionString, IOptions<ClusterSignalOptions> options, ILogger<PostgresClusterSignals> logger)
    : ClusterSignals, IHostedService
{
    private readonly string[] channels = [.. options.Value.Channels];

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
                // Not from the pool: its LISTENs must end with it, not pass to the next user of a pooled connection.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(stop);
                connection.Notification += (_, notification) => Deliver(notification.Channel);
                foreach (var channel in channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stop);
                }
                // Anything missed while not listening is picked up by the once-a-second looks; say it changed anyway.
                Array.ForEach(channels, Deliver);
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (Exception failure) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning("Not listening for other instances' changes ({Reason}); again in 5 s", DatabaseFailure.ReasonOf(failure));
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
                foreach (var channel in channels.Where(channel => pending.TryRemove(channel, out _)))
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
                logger.LogDebug("Could not tell other instances of a change ({Reason}); they see it within a second", DatabaseFailure.ReasonOf(failure));
            }
        }
    }
}
