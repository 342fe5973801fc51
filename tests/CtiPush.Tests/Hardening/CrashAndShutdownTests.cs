using System.Diagnostics;
using System.Net;
using System.Text;
using CtiPush.Tests.Infrastructure;
using Npgsql;

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
        await Eventually.Until(() => load.Statuses.ContainsKey(0), "posts to fail once the service is gone");
        await stop.CancelAsync();
        await running;

        Assert.True(load.Statuses.Keys.All(status => status is 200 or 0), load.Summary());
        await AssertStoredOnceAndWhole(database, load.Acknowledged);
    }

    [Fact]
    public async Task On_sigterm_the_service_answers_every_request_it_started_stores_every_200_and_exits_cleanly()
    {
        var (service, database, load, stop, running) = await UnderLoadAsync();
        await using var _ = service;
        using var __ = stop;
        // Besides the load, posts the service has certainly started: their headers and half their body are in, the rest comes after SIGTERM.
        var held = Enumerable.Range(0, 4).Select(i => new HeldBackPost($"held-{load.RunId}-{i}")).ToList();
        var holding = held.Select(post => post.SendAsync(service.Client)).ToList();
        await Eventually.Until(() => held.All(post => service.Output.Contains(post.Marker, StringComparison.Ordinal)), "the service to start the held posts");

        var sigterm = Stopwatch.GetTimestamp();
        service.Terminate();
        held.ForEach(post => post.Release());
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await running;

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", service.Output);
        // Sent before SIGTERM: answered, with a 200 or with a 503 the PBX can retry; never dropped, never a 500.
        var sentBefore = load.Posts.Where(post => post.SentAt < sigterm).ToList();
        Assert.True(sentBefore.All(post => post.Status is 200 or 503), $"{sentBefore.Count(post => post.Status is not (200 or 503))} of {sentBefore.Count} posts sent before SIGTERM got no answer or another one: {load.Summary()}");
        var heldStatuses = await Task.WhenAll(holding);
        TestContext.Current.TestOutputHelper?.WriteLine($"{sentBefore.Count} posts sent before SIGTERM; all posts: {load.Summary()}; held posts: {string.Join(", ", heldStatuses.Select(s => (int)s))}");
        Assert.True(heldStatuses.All(status => status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable), string.Join(", ", heldStatuses));
        // Sent after it: the service may also no longer listen (no response), as it stops taking connections.
        Assert.True(load.Statuses.Keys.All(status => status is 200 or 503 or 0), load.Summary());
        var acknowledged = load.Acknowledged.Concat(held.Zip(heldStatuses).Where(h => h.Second == HttpStatusCode.OK).Select(h => (h.First.CallId, "newCall")));
        await AssertStoredOnceAndWhole(database, acknowledged);
    }

    /// <summary>A newCall whose body is sent in two halves, the second only when released.</summary>
    private sealed class HeldBackPost(string callId)
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] body = Encoding.UTF8.GetBytes(Pbx.NewCallBody(callId) + "&padding=" + new string('p', 16 * 1024));

        public string CallId => callId;

        /// <summary>In the query string, which the service's request log shows once it has started the request.</summary>
        public string Marker => "held=" + callId;

        public void Release() => released.TrySetResult();

        public async Task<HttpStatusCode> SendAsync(HttpClient client)
        {
            using var content = new HalfNowContent(body, released.Task);
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            using var response = await client.PostAsync($"/api/v1/cti/{CtiPushApp.Token}?{Marker}", content);
            return response.StatusCode;
        }

        private sealed class HalfNowContent(byte[] body, Task rest) : HttpContent
        {
            protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
            {
                await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
                await stream.FlushAsync();
                await rest;
                await stream.WriteAsync(body.AsMemory(body.Length / 2));
            }

            protected override bool TryComputeLength(out long length)
            {
                length = body.Length;
                return true;
            }
        }
    }

    /// <summary>Each acknowledged event once; each stored call with its events (a call and its event commit together).</summary>
    private static async Task AssertStoredOnceAndWhole(string database, IEnumerable<(string CallId, string Event)> acknowledged)
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
        foreach (var answered in acknowledged)
        {
            Assert.True(stored.TryGetValue(answered, out var count) && count == 1, $"{answered} got 200 but is stored {count} times");
        }
        Assert.True(stored.Values.All(count => count == 1), "an event was stored twice");
        await using var orphans = new NpgsqlCommand("SELECT count(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_row_id = c.id)", connection);
        Assert.Equal(0L, (long)(await orphans.ExecuteScalarAsync())!);
    }
}
