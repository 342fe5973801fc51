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
    private const string AdminKey = "benchmark-admin-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var root = RepositoryRoot();
        var cluster = Path.Combine(Path.GetTempPath(), "ctipush-bench-pg-" + Environment.ProcessId);
        var server = Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES") ?? Run("bash", Path.Combine(root, "tests/postgres/throwaway.sh"), "start", cluster).Trim();
        Process? service = null;
        try
        {
            var database = new NpgsqlConnectionStringBuilder(server) { Database = "ctipush_bench_" + Environment.ProcessId }.ConnectionString;
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE ctipush_bench_{Environment.ProcessId}", admin).ExecuteNonQueryAsync();
            }

            var port = FreePort();
            service = StartService(database, port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
            await WaitUntilReady(http);

            var loading = Stopwatch.StartNew();
            await LoadCalls(database, count);
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
                    using var response = await http.GetAsync("/api/v1/calls?" + filter);
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
        finally
        {
            service?.Kill(entireProcessTree: true);
            if (Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES") is null)
            {
                Run("bash", Path.Combine(root, "tests/postgres/throwaway.sh"), "stop", cluster);
            }
        }
    }

    /// <summary>A year of calls: a quarter inbound-missed, queues, users, numbers in the PBX form.</summary>
    private static async Task LoadCalls(string database, int count)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var step = TimeSpan.FromDays(330).Ticks / count;
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
        await new NpgsqlCommand("ANALYZE calls", connection).ExecuteNonQueryAsync();
    }

    private static Process StartService(string database, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CtiPush.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__CtiPush"] = database;
        start.Environment["Cti__Tokens__main"] = "benchmark-pbx-token-0123456789";
        start.Environment["Admin__ApiKey"] = AdminKey;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task WaitUntilReady(HttpClient http)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException("The service did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Run(string file, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CtiPush.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("CtiPush.sln not found");
    }
}
