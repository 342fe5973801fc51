using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CtiPush.Benchmarks;

/// <summary>
/// The whole service under load, beside the naive ceiling in the same run, on PostgreSQL with durable commits. Every
/// target is its own process (the ceiling, the service on an empty log, the service on a log of millions of calls with
/// their events), is warmed up the same way, and the runs alternate (A B C A B C), each reported, so neither order nor
/// drift favours one; a run with any error counts as failed, and each gives the CPU it took per event (the target's,
/// PostgreSQL's, the machine's: <see cref="CpuTime"/>). Then a constant 1,000 events/s from an open-loop client
/// in a process of its own, the first 30 s of a freshly started service, and where PostgreSQL spent its time per event
/// (pg_stat_statements).
/// Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- load [stored calls, 5000000] [seconds, 30]
/// </summary>
public static partial class LoadBenchmark
{
    private const int Connections = 64;
    private const int WarmUpSeconds = 15;
    private const int IdleRate = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var stored = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000_000;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var script = Path.Combine(ServiceUnderTest.RepositoryRoot(), "benchmarks", "load", "calls.lua");
        var push = $"/api/v1/cti/{ServiceUnderTest.PbxToken}";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; wrk -t2 -c{Connections} -d{seconds}s");

        await using var cluster = PostgresCluster.Start();
        var fullDatabase = await cluster.CreateDatabaseAsync();
        await using (var migrate = await ServiceUnderTest.StartAsync(fullDatabase, waitUntilReady: true))
        {
            // Started once only to create the schema, so the stored calls and events can be loaded before the measured start.
        }
        var loading = Stopwatch.StartNew();
        await CallLogQueryBenchmark.LoadCalls(fullDatabase, stored, withEvents: true);
        Console.WriteLine($"stored {stored:N0} calls and {3L * stored:N0} events with COPY in {loading.Elapsed.TotalSeconds:F0} s");

        // The cold start: the service's first 30 s, straight after it reports ready, in slices of 5 s.
        var coldStart = Stopwatch.StartNew();
        await using var empty = await ServiceUnderTest.StartAsync(await cluster.CreateDatabaseAsync(), waitUntilReady: true);
        var ready = coldStart.Elapsed;
        var cold = new List<WrkResult>();
        for (var slice = 0; slice < 6; slice++)
        {
            cold.Add(await Wrk(empty.BaseAddress, push, script, $"cold{slice}", 5));
        }
        await ConfigureRules(empty.Http);

        await using var full = await ServiceUnderTest.StartAsync(fullDatabase, waitUntilReady: true);
        await ConfigureRules(full.Http);
        await using var ceiling = await CeilingApp.StartProcessAsync(await cluster.CreateDatabaseAsync());
        (string Name, Uri Server, int ProcessId)[] targets =
        [
            ("ceiling: form read + one raw Npgsql INSERT", ceiling.BaseAddress, ceiling.ProcessId),
            ("CtiPush, empty log", empty.BaseAddress, empty.ProcessId),
            ($"CtiPush, {stored:N0} calls stored", full.BaseAddress, full.ProcessId),
        ];
        foreach (var (_, server, _) in targets)
        {
            await Wrk(server, push, script, "warm", WarmUpSeconds);
        }
        var runs = new List<(int Target, WrkResult Result, CpuTime Cpu)>();
        for (var round = 1; round <= 2; round++)
        {
            for (var target = 0; target < targets.Length; target++)
            {
                var statements = round == 2 && target == 1 ? await PostgresStatements.ResetAsync(empty.Database) : null;
                var before = CpuTime.Now(targets[target].ProcessId);
                var result = await Wrk(targets[target].Server, push, script, $"r{round}t{target}", seconds);
                runs.Add((target, result, CpuTime.Now(targets[target].ProcessId) - before));
                if (statements is not null)
                {
                    await statements.ReadAsync(result.Requests);
                }
            }
        }
        var memoryAtFullLoad = empty.PeakMemoryMiB;
        var steadyCeiling = await OpenLoopClient.MeasureAsync(ceiling.BaseAddress, push, 1000, 20, "steady-c");
        var writerBefore = await WriterFigures.ReadAsync(empty);
        var steady = await OpenLoopClient.MeasureAsync(empty.BaseAddress, push, 1000, 20, "steady-s");
        var writer = (await WriterFigures.ReadAsync(empty)).Since(writerBefore);
        // A tenth of the rate: the writer idle when nearly every post arrives, so what is left is one post's own way
        // through the service and its round trip, without waiting for another batch.
        var idleCeiling = await OpenLoopClient.MeasureAsync(ceiling.BaseAddress, push, IdleRate, 20, "idle-c");
        var idle = await OpenLoopClient.MeasureAsync(empty.BaseAddress, push, IdleRate, 20, "idle-s");

        Console.WriteLine();
        // CPU per event of the target's process, of PostgreSQL and of the whole machine (wrk and the kernel with them),
        // and how busy the machine's cores were: a run whose cores were all busy did as many events as its machine CPU
        // per event let it, so the ceiling's and the service's machine CPU per event explain the ratio of their rates.
        Console.WriteLine($"| {Connections} connections, {seconds} s, in the order run | events/s | p50 ms | p99 ms | max ms | errors | CPU µs/event: target / PostgreSQL / machine | cores busy |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (target, r, cpu) in runs)
        {
            var (own, postgres, machine) = cpu.PerEvent(r.Requests);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {targets[target].Name} | {Rate(r)} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} | {r.Errors} | {own:F0} / {postgres:F0} / {machine:F0} | {cpu.Machine.TotalSeconds / seconds / Environment.ProcessorCount:P0} |"));
        }
        Console.WriteLine();
        Console.WriteLine("| open loop, constant rate, 20 s | events/s | p50 ms | p99 ms | max ms | errors | client late p50 / p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in new[] { (targets[0].Name, steadyCeiling), ("CtiPush, empty log", steady), (targets[0].Name, idleCeiling), ("CtiPush, empty log", idle) })
        {
            Console.WriteLine($"| {name} | {r.Rate:N0} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} | {r.Errors} | {r.LateP50:F2} / {r.LateP99:F2} |");
        }
        Console.WriteLine($"CtiPush's writer in the open loop: {writer}");
        Console.WriteLine();
        Console.WriteLine($"cold start: ready {ready.TotalSeconds:F1} s after launch; first 30 s in 5 s slices: {string.Join(", ", cold.Select(Rate))} events/s");

        double Mean(int target) => runs.Where(r => r.Target == target).Average(r => r.Result.Failed ? 0 : r.Result.RequestsPerSecond);
        double MachinePerEvent(int target) => runs.Where(r => r.Target == target).Average(r => r.Cpu.PerEvent(r.Result.Requests).Machine);
        Console.WriteLine();
        Console.WriteLine($"service / ceiling, empty log: {Mean(1) / Mean(0):F2} (target ≥ 1.0, stretch ≥ 1.5; each the mean of its runs)");
        Console.WriteLine($"machine CPU per event, ceiling / service, empty log: {MachinePerEvent(0) / MachinePerEvent(1):F2} (the ratio the rates reach when the cores are busy in both)");
        Console.WriteLine($"{stored:N0} stored / empty log: {Mean(2) / Mean(1):F2} (target ≥ 0.9)");
        Console.WriteLine($"first 30 s / warmed up: {cold.Average(r => r.Failed ? 0 : r.RequestsPerSecond) / Mean(1):F2} (target ≥ 0.8)");
        Console.WriteLine($"service peak memory: {memoryAtFullLoad:F0} MiB after full load, {empty.PeakMemoryMiB:F0} MiB at the end (target ≤ 250)");
        return runs.Any(r => r.Result.Failed) || steady.Errors > 0 || idle.Errors > 0 ? 1 : 0;
    }

    private static string Rate(WrkResult r) => r.Failed ? $"failed ({r.Errors} errors: {r.ErrorKinds})" : r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A tenth of inbound callers blocked (4919…), outbound to 41… routed, the rest by the default caller id.</summary>
    private static async Task ConfigureRules(HttpClient admin)
    {
        foreach (var (path, json) in new[]
        {
            ("/api/v1/rules/blocked", """{"number":"4919*"}"""),
            ("/api/v1/rules/routes", """{"destination":"41*","callerId":"41715880339000"}"""),
        })
        {
            using var response = await admin.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }
        using var defaultCallerId = await admin.PutAsync("/api/v1/rules/default-caller-id",
            new StringContent("""{"callerId":"4930777000000"}""", Encoding.UTF8, "application/json"));
        defaultCallerId.EnsureSuccessStatusCode();
    }

    /// <summary>One wrk run; any non-2xx answer or socket error fails it, as wrk's own rate counts them as served.</summary>
    /// <param name="ErrorKinds">wrk's own lines about them (non-2xx answers, socket errors by kind): a timeout is the machine or the service stalling, a non-2xx the service refusing.</param>
    public sealed record WrkResult(double RequestsPerSecond, long Requests, double P50, double P99, double Max, long Errors, string ErrorKinds)
    {
        public bool Failed => Errors > 0;
    }

    internal static async Task<WrkResult> Wrk(Uri server, string path, string script, string run, int seconds)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{Connections}", $"-d{seconds}s", "--latency", "-s", script, server.ToString(), "--", path, run + "-" + Environment.ProcessId])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed: {output} {await wrk.StandardError.ReadToEndAsync()}");
        }
        var errors = NonSuccess().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        errors += SocketErrors().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return new WrkResult(
            double.Parse(RequestRate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(RequestCount().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"), Percentile(output, "99%"),
            Milliseconds(LatencyMax().Match(output).Groups[1].Value, LatencyMax().Match(output).Groups[2].Value),
            errors, string.Join("; ", output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("Non-2xx", StringComparison.Ordinal) || line.StartsWith("Socket errors", StringComparison.Ordinal))));
    }

    private static double Percentile(string output, string which)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(which)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        return Milliseconds(match.Groups[1].Value, match.Groups[2].Value);
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => 60_000 };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestRate();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", RegexOptions.Multiline)]
    private static partial Regex LatencyMax();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
