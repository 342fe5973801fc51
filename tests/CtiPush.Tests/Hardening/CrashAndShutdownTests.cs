using Npgsql;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Hardening;

/// <summary>
/// The service as its own process on PostgreSQL, ended during a burst of events: killed (SIGKILL, as a crash or an
/// OOM kill) or stopped (SIGTERM, as docker stop). Every event that got a 200 must be in the database, complete.
/// </summary>
public sealed class CrashAndShutdownTests(PostgresServer server)
{
    /// <summary>The service on a database of its own, with 16 PBX workers posting until <c>stop</c>, past their first 300 events.</summary>
    private async Task<(ServiceProcess Service, string Database, PbxLoad Load, CancellationTokenSource Stop, Task Running)> UnderLoadAsync()
    {
        var database = await server.CreateDatabaseAsync();
        var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CtiPush"] = database,
        });
        var load = new PbxLoad(service.Client, workers: 16);
        var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Eventually.Until(() => load.AcknowledgedCount > 300, "the load to get going");
        return (service, database, load, stop, running);
    }

    [Fact]
    public async Task Killed_mid_burst_the_service_has_stored_every_event_it_acknowledged_and_no_call_half()
    {
        var (service, database, load, stop, running) = await UnderLoadAsync();
        await using var _ = service;
        using var __ = stop;

        service.Kill();
        await Task.Delay(300); // posts in flight fail now
        await stop.CancelAsync();
        await running;

        Assert.True(load.Statuses.Keys.All(status => status is 200 or 0), load.Summary());
        await AssertStoredOnceAndWhole(database, load);
    }

    [Fact]
    public async Task On_sigterm_the_service_finishes_what_it_started_refuses_the_rest_and_exits_cleanly()
    {
        var (service, database, load, stop, running) = await UnderLoadAsync();
        await using var _ = service;
        using var __ = stop;

        service.Terminate();
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        Assert.Equal(0, exitCode);
        Assert.True(load.Statuses.Keys.All(status => status is 200 or 0), load.Summary()); // no 5xx while stopping
        Assert.Contains("Application is shutting down", service.Output);
        await AssertStoredOnceAndWhole(database, load);
    }

    /// <summary>Each acknowledged event once; each stored call with its events (a call and its event commit together).</summary>
    private static async Task AssertStoredOnceAndWhole(string database, PbxLoad load)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var stored = new Dictionary<(string, string), int>();
        await using (var read = new NpgsqlCommand("SELECT c.call_id, e.type, count(*) FROM call_events e JOIN calls c ON c.id = e.call_row_id GROUP BY 1, 2", connection))
        await using (var rows = await read.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                stored[(rows.GetString(0), rows.GetString(1))] = (int)rows.GetInt64(2);
            }
        }
        foreach (var acknowledged in load.Acknowledged)
        {
            Assert.True(stored.TryGetValue(acknowledged, out var count) && count == 1, $"{acknowledged} got 200 but is stored {count} times");
        }
        Assert.True(stored.Values.All(count => count == 1), "an event was stored twice");
        await using var orphans = new NpgsqlCommand("SELECT count(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_row_id = c.id)", connection);
        Assert.Equal(0L, (long)(await orphans.ExecuteScalarAsync())!);
    }
}
