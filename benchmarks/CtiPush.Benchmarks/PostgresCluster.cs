using System.Diagnostics;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// The PostgreSQL server the benchmarks measure on: a throw-away cluster (durable commits, pg_stat_statements loaded),
/// or the server in CTIPUSH_BENCH_POSTGRES. Each service gets a database of its own on it.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ctipush-bench-pg-" + Environment.ProcessId);
    private readonly bool own = Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES") is null;
    private int databases;

    /// <summary>The server, for a connection to its <c>postgres</c> database.</summary>
    public string Server { get; private set; } = "";

    public static PostgresCluster Start()
    {
        var cluster = new PostgresCluster();
        cluster.Server = cluster.own
            ? Run(new Dictionary<string, string> { ["THROWAWAY_PG_OPTIONS"] = "-c shared_preload_libraries=pg_stat_statements" },
                "bash", Path.Combine(ServiceUnderTest.RepositoryRoot(), "tests/postgres/throwaway.sh"), "start", cluster.directory).Trim()
            : Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES")!;
        return cluster;
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"ctipush_bench_{Environment.ProcessId}_{++databases}";
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    public ValueTask DisposeAsync()
    {
        if (own && Directory.Exists(directory))
        {
            Run([], "bash", Path.Combine(ServiceUnderTest.RepositoryRoot(), "tests/postgres/throwaway.sh"), "stop", directory);
        }
        return ValueTask.CompletedTask;
    }

    private static string Run(Dictionary<string, string> environment, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }
}
