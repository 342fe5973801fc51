using System.Globalization;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// Where PostgreSQL spends its time per event, from pg_stat_statements: reset before a run, read after it, and each
/// statement's calls and execution time divided by the events of that run. Needs the extension preloaded, as
/// <see cref="PostgresCluster"/> starts its cluster; on another server it says so and prints nothing else.
/// </summary>
public sealed class PostgresStatements
{
    private readonly string database;

    private PostgresStatements(string database) => this.database = database;

    public static async Task<PostgresStatements?> ResetAsync(string database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection).ExecuteNonQueryAsync();
            return new PostgresStatements(database);
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"pg_stat_statements not available ({e.MessageText}): no statement summary");
            return null;
        }
    }

    /// <summary>Prints the statements of the service's database since the reset, the dearest first.</summary>
    public async Task ReadAsync(long events)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            """
            SELECT s.calls, s.total_exec_time, s.rows, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'
            ORDER BY s.total_exec_time DESC LIMIT 12
            """, connection);
        await using var rows = await read.ExecuteReaderAsync();
        Console.WriteLine();
        Console.WriteLine($"PostgreSQL per event, the service's second empty-log run ({events:N0} events; pg_stat_statements):");
        Console.WriteLine("| statement | calls per event | µs per event | rows per call |");
        Console.WriteLine("|---|---:|---:|---:|");
        double total = 0;
        while (await rows.ReadAsync())
        {
            var (calls, milliseconds, affected, query) = (rows.GetInt64(0), rows.GetDouble(1), rows.GetInt64(2), rows.GetString(3));
            total += milliseconds;
            var shown = query.Length > 110 ? query[..110] + "…" : query;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{shown.Replace("|", "\\|", StringComparison.Ordinal)}` | {(double)calls / events:F3} | {milliseconds * 1000 / events:F1} | {(double)affected / Math.Max(calls, 1):F1} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"statements above: {total * 1000 / events:F1} µs of execution per event"));
    }
}
