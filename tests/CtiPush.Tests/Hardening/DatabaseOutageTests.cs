using System.Net;
using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Hardening;

/// <summary>When the database cannot serve a request: 503 with Retry-After, never 500, and back without a restart.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_another_writer_holds_sqlite_the_push_answers_503_with_retry_after_and_stores_nothing()
    {
        await using var app = new SqliteApp();
        app.Settings["Database:CommandTimeoutSeconds"] = "1";
        var pbx = new Pbx(app.CreateClient());
        await Pbx.Ok(pbx.NewCall("warm-up"));

        await using (var writer = new SqliteConnection(app.Settings["ConnectionStrings:CtiPush"]))
        {
            await writer.OpenAsync();
            await using var exclusive = writer.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            using var response = await pbx.NewCall("locked-out");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
            Assert.Contains("nothing was stored", problem.GetProperty("error").GetString());
            Assert.DoesNotContain(CtiPushApp.Token, await response.Content.ReadAsStringAsync());

            exclusive.CommandText = "ROLLBACK";
            await exclusive.ExecuteNonQueryAsync();
        }

        Assert.Null(await app.FindCall("locked-out"));
        await Pbx.Ok(pbx.NewCall("locked-out")); // the PBX's retry goes through
        Assert.NotNull(await app.FindCall("locked-out"));
        Assert.Empty(app.Logs.Errors);
    }

    [Fact]
    public async Task PostgreSQL_stopped_and_started_under_load_gives_only_200s_that_are_stored_and_503s_and_recovers_without_a_restart()
    {
        await using var cluster = ThrowawayCluster.StartOrSkip();
        await using var app = new OutageApp(cluster.ConnectionString.Replace("Database=postgres", "Database=ctipush_outage", StringComparison.Ordinal));
        await using (var create = new Npgsql.NpgsqlConnection(cluster.ConnectionString))
        {
            await create.OpenAsync();
            await new Npgsql.NpgsqlCommand("CREATE DATABASE ctipush_outage", create).ExecuteNonQueryAsync();
        }
        var admin = app.CreateAdminClient();
        var load = new PbxLoad(app.CreateClient(), workers: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);

        await Eventually.Until(() => load.AcknowledgedCount > 100, "the load to get going");
        cluster.Pause();
        await Eventually.Until(() => load.Statuses.ContainsKey(503), "a 503 while PostgreSQL is down");
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var read = await admin.GetAsync("/api/v1/calls"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Database unavailable", await read.Content.ReadAsStringAsync());
        }
        var refused = load.Statuses[503];
        await Eventually.Until(() => load.Statuses[503] >= refused + 50, "a while of outage under load: 50 more 503s");
        var acknowledgedBeforeResume = load.AcknowledgedCount;

        cluster.Resume();
        await Eventually.Until(() => load.AcknowledgedCount > acknowledgedBeforeResume + 100, "200s again once PostgreSQL is back");
        await stop.CancelAsync();
        await running;

        Assert.True(load.Statuses.Keys.All(status => status is 200 or 503), load.Summary());
        Eventually.Report($"The slowest refusal while PostgreSQL was away ({load.Summary()}) took", load.SlowestRefusal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
        var stored = await app.InDatabase(db => db.Set<CallEvent>()
            .Join(db.Set<Call>(), e => e.CallRowId, c => c.Id, (e, c) => new { c.CallId, e.Type })
            .ToListAsync());
        var counts = stored.GroupBy(s => (s.CallId, s.Type)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var acknowledged in load.Acknowledged)
        {
            Assert.True(counts.TryGetValue(acknowledged, out var count) && count == 1, $"{acknowledged} got 200 but is stored {count} times");
        }
        Assert.DoesNotContain(app.Logs.Errors, line => !line.Contains("Health check", StringComparison.Ordinal)); // only readiness reports the outage as an error
    }

    private sealed class OutageApp : CtiPushApp
    {
        public OutageApp(string connectionString)
        {
            Settings["Database:Provider"] = "Postgres";
            Settings["ConnectionStrings:CtiPush"] = connectionString;
            Settings["Database:ConnectTimeoutSeconds"] = "2";
        }
    }
}
