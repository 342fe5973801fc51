using Npgsql;

[assembly: AssemblyFixture(typeof(CtiPush.Tests.Infrastructure.PostgresServer))]

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server for the whole test run: the one in <c>CTIPUSH_TEST_POSTGRES</c> (a connection string),
/// else a throw-away cluster started with <c>tests/postgres/throwaway.sh</c> and removed afterwards.
/// Each test app gets a database of its own on it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "CTIPUSH_TEST_POSTGRES";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private ThrowawayCluster? cluster;
    private string? connectionString;
    private string? unavailable;

    /// <summary>Under CI (<c>CI=true</c> or <c>CI=1</c>, as CI systems set it) tests that need PostgreSQL or Chromium fail instead of skipping.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI")?.Trim() is { } ci
        && (ci == "1" || string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask; // started on first use, so SQLite-only runs never pay for it

    /// <summary>A connection string to a new, empty database; skips the test where no server can be had, and fails it in CI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var server = await ServerAsync();
        if (server is null)
        {
            var reason = $"PostgreSQL is not available: {unavailable}";
            if (InCi)
            {
                Assert.Fail(reason + " (CI=true: PostgreSQL tests must run)");
            }
            Assert.Skip(reason + $". Set {ConnectionStringVariable} or install PostgreSQL's server binaries.");
        }

        var name = "ctipush_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private async Task<string?> ServerAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (connectionString is not null || unavailable is not null)
            {
                return connectionString;
            }
            connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } given ? given : StartThrowaway();
            return connectionString;
        }
        finally
        {
            StartLock.Release();
        }
    }

    private string? StartThrowaway()
    {
        (cluster, unavailable) = ThrowawayCluster.TryStart();
        return cluster?.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
