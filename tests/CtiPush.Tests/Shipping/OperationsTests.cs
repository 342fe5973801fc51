using System.Diagnostics;
using CtiPush.Tests.Infrastructure;
using Npgsql;

namespace CtiPush.Tests.Shipping;

/// <summary>What the people who run the service use: metrics, and migrations as a step of their own.</summary>
public sealed class OperationsTests(PostgresServer server)
{
    [Fact]
    public async Task Metrics_for_prometheus_count_events_by_type_source_and_outcome_decisions_latency_and_the_frameworks_own()
    {
        await using var app = new PostgresApp(server);
        await app.InitializeAsync();
        // A PBX of its own: every app in this test process reports to a meter of the same name.
        const string ProbeToken = "metrics-probe-token-0123456789";
        app.Settings["Cti:Tokens:probe"] = ProbeToken;
        var client = app.CreateClient();
        var pbx = new Pbx(client, ProbeToken);
        await new AdminApi(app.CreateAdminClient()).Block("491715000000");
        await Pbx.Ok(pbx.NewCall("metrics-1", "in", from: "491715000000"));
        await Pbx.Ok(pbx.Hangup("metrics-1"));
        await Problems.Expect(pbx.Post("event=newCall"), 422);

        var metrics = "";
        await Eventually.Until(async () => (metrics = await client.GetStringAsync("/metrics")).Contains("ctipush_decisions", StringComparison.Ordinal),
            "the decision in a scrape (the exporter caches one for a moment)", every: TimeSpan.FromMilliseconds(200));

        var ours = string.Join('\n', metrics.Split('\n').Where(line => line.StartsWith("ctipush_", StringComparison.Ordinal)));
        foreach (var expected in new[]
        {
            """ctipush_events_total{otel_scope_name="CtiPush",outcome="stored",source="probe",type="newCall"} 1""",
            """ctipush_events_total{otel_scope_name="CtiPush",outcome="stored",source="probe",type="hangup"} 1""",
            """ctipush_events_total{otel_scope_name="CtiPush",outcome="422",source="probe",type="unknown"} 1""",
            """ctipush_decisions_total{otel_scope_name="CtiPush",action="reject",source="probe"} 1""",
        })
        {
            Assert.True(ours.Contains(expected, StringComparison.Ordinal), $"{expected} not in:\n{ours}");
        }
        Assert.Contains("ctipush_push_duration_seconds_bucket{", metrics);
        Assert.Contains("ctipush_calls_ringing", metrics);
        Assert.Contains("ctipush_writer_batch_events_bucket{", metrics);
        Assert.Contains("ctipush_writer_wait_seconds_bucket{", metrics);
        Assert.Contains("ctipush_writer_batch_duration_seconds_bucket{", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics);
        Assert.Contains("dotnet_gc_", metrics);
        Assert.Contains("db_client_", metrics); // Npgsql's own meter
        Assert.DoesNotContain(CtiPushApp.Token, metrics);
    }

    [Fact]
    public async Task The_migrate_command_brings_the_schema_up_to_date_and_the_service_then_starts_without_migrating()
    {
        var database = await server.CreateDatabaseAsync();
        var (exitCode, output) = await Migrate("Production", "Postgres", database);

        Assert.True(exitCode == 0, output);
        Assert.Contains("migration(s) applied", output);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            Assert.Equal(1L, await new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'calls'", connection).ExecuteScalarAsync());
        }
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CtiPush"] = database,
            ["Database__MigrateOnStartup"] = "false",
        });
        await Pbx.Ok(new Pbx(service.Client).NewCall("after-migrate"));
    }

    [Fact]
    public async Task The_migrate_command_works_in_development_too_and_needs_no_token_or_admin_key()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ctipush-migrate").FullName, "log.db");
        var (exitCode, output) = await Migrate("Development", "Sqlite", $"Data Source={file}");

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(file));
    }

    /// <summary>Runs <c>dotnet CtiPush.Api.dll migrate</c> with only the database settings; its exit code and all it wrote.</summary>
    private static async Task<(int ExitCode, string Output)> Migrate(string environment, string provider, string connectionString)
    {
        using var migrate = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CtiPush.Api.dll"), "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["Database__Provider"] = provider, ["ConnectionStrings__CtiPush"] = connectionString },
        })!;
        var output = migrate.StandardOutput.ReadToEndAsync();
        var error = migrate.StandardError.ReadToEndAsync();
        await migrate.WaitForExitAsync();
        return (migrate.ExitCode, await output + await error);
    }
}
