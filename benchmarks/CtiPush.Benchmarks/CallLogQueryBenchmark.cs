using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CtiPush.Benchmarks;

/// <summary>
/// The first page of GET /api/v1/calls, with one filter at a time, over 1,000,000 calls in PostgreSQL: the
/// service runs as its own process on a real socket, the calls are loaded with COPY, and each filter is timed
/// over repeated requests. Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- calls [count]
/// </summary>
public static class CallLogQueryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        await using var service = await ServiceUnderTest.StartAsync();

        var loading = Stopwatch.StartNew();
        await LoadCalls(service.Database, count);
        Console.WriteLine($"loaded {count:N0} calls in {loading.Elapsed.TotalSeconds:F1} s");

        string[] filters =
        [
            "", "direction=in", "state=newCall", "done=false", "source=main", "queue=q-7", "callId=call-500000",
            "number=0301234567", "user=agent-3", "since=2026-06-01T00:00:00Z", "until=2026-01-15T00:00:00Z",
        ];
        Console.WriteLine();
        Console.WriteLine($"| filter (first page, limit 50, {count:N0} calls) | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var filter in filters)
        {
            var times = new List<double>();
            for (var i = 0; i < 55; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await service.Http.GetAsync("/api/v1/calls?" + filter);
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                if (i >= 5)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            times.Sort();
            Console.WriteLine($"| {(filter == "" ? "(none)" : filter)} | {times[times.Count / 2]:F1} | {times[(int)(times.Count * 0.95)]:F1} | {times[^1]:F1} |");
        }
        return 0;
    }

    /// <summary>
    /// A year of calls (or <paramref name="days"/>) from 2026-01-01 (or <paramref name="from"/>): a quarter inbound-missed, queues, users, numbers in the
    /// PBX form; with <paramref name="withEvents"/> also the three events of each, as the service stores them.
    /// </summary>
    internal static async Task LoadCalls(string database, int count, int days = 330, bool withEvents = false, DateTimeOffset? from = null)
    {
        // No command timeout: completing the COPY of millions of old calls runs the day summaries' trigger for each (minutes).
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var start = from ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var step = TimeSpan.FromDays(days).Ticks / count;
        var random = new Random(7);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY calls (source, call_id, state, direction, \"from\", \"to\", from_number, to_number, queue, users, answered_by, cause, " +
            "started_at, new_call_at, answered_at, ended_at, waiting_seconds, talking_seconds, done, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var started = start.AddTicks(step * i);
                var inbound = i % 3 != 0;
                var answered = i % 4 != 0;
                var ringing = i % 1000 == 0;
                var caller = (4930_1000_000L + random.Next(0, 5_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var user = $"agent-{i % 40}";
                await copy.StartRowAsync();
                await copy.WriteAsync("main");
                await copy.WriteAsync($"call-{i}");
                await copy.WriteAsync(ringing ? "newCall" : "hangup");
                await copy.WriteAsync(inbound ? "in" : "out");
                await copy.WriteAsync(inbound ? caller : "4930555000");
                await copy.WriteAsync(inbound ? "4930555000" : caller);
                await copy.WriteAsync(inbound ? caller : "4930555000");
                await copy.WriteAsync(inbound ? "4930555000" : caller);
                await copy.WriteAsync($"q-{i % 20}");
                await copy.WriteAsync(new[] { user }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync<string?>(answered && !ringing ? user : null, NpgsqlDbType.Varchar);
                await copy.WriteAsync<string?>(ringing ? null : answered ? "normalClearing" : "cancel", NpgsqlDbType.Varchar);
                await copy.WriteAsync(started, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(started, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync<DateTimeOffset?>(answered && !ringing ? started.AddSeconds(8) : null, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync<DateTimeOffset?>(ringing ? null : started.AddSeconds(90), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync<int?>(ringing ? null : answered ? 8 : 90, NpgsqlDbType.Integer);
                await copy.WriteAsync<int?>(answered && !ringing ? 82 : null, NpgsqlDbType.Integer);
                await copy.WriteAsync(!inbound || (answered && !ringing));
                await copy.WriteAsync(1);
            }
            await copy.CompleteAsync();
        }
        if (withEvents)
        {
            await using var events = new NpgsqlCommand(
                """
                INSERT INTO call_events (call_row_id, type, received_at, fields)
                SELECT c.id, e.type, c.started_at + e.after,
                       '{"event":"' || e.type || '","callId":"' || c.call_id || '","direction":"' || c.direction || '","from":"' || c."from" || '","to":"' || c."to" || '"}'
                FROM calls c CROSS JOIN (VALUES ('newCall', interval '0 s'), ('answer', interval '8 s'), ('hangup', interval '90 s')) AS e (type, after)
                ORDER BY c.id, e.after
                """, connection) { CommandTimeout = 0 };
            await events.ExecuteNonQueryAsync();
        }
        await new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
    }
}
