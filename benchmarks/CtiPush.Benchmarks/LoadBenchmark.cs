using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CtiPush.Benchmarks;

/// <summary>
/// The whole service under load, beside the naive ceiling in the same run: wrk (benchmarks/load/calls.lua) posts
/// whole calls at 64 connections for 30 s to the service in Release on PostgreSQL (durable commits), and the same to
/// <see cref="CeilingApp"/>; then a constant 1,000 events/s; then again with millions of calls stored.
/// Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- load [stored calls, 5000000] [seconds, 30]
/// </summary>
public static partial class LoadBenchmark
{
    private const int Connections = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var stored = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000_000;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var script = Path.Combine(ServiceUnderTest.RepositoryRoot(), "benchmarks", "load", "calls.lua");
        await using var service = await ServiceUnderTest.StartAsync();
        await ConfigureRules(service.Http);
        await using var ceiling = await CeilingApp.StartAsync(service.Database);
        var push = $"/api/v1/cti/{ServiceUnderTest.PbxToken}";
        var results = new List<(string Name, WrkResult Result)>();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; wrk -t2 -c{Connections} -d{seconds}s");
        await Wrk(ceiling.BaseAddress, push, script, "warm-c", 15);
        results.Add(("ceiling: form read + one raw Npgsql INSERT", await Wrk(ceiling.BaseAddress, push, script, "ceiling", seconds)));
        await Wrk(service.BaseAddress, push, script, "warm-s", 15);
        results.Add(("CtiPush, empty log", await Wrk(service.BaseAddress, push, script, "empty", seconds)));
        var memoryAtFullLoad = service.PeakMemoryMiB;
        var steady = await ConstantRate(service.BaseAddress, push, rate: 1000, TimeSpan.FromSeconds(20));

        var loading = Stopwatch.StartNew();
        await CallLogQueryBenchmark.LoadCalls(service.Database, stored);
        Console.WriteLine($"stored {stored:N0} more calls with COPY in {loading.Elapsed.TotalSeconds:F0} s");
        await Wrk(service.BaseAddress, push, script, "warm-f", 15);
        results.Add(($"CtiPush, {stored:N0} calls stored", await Wrk(service.BaseAddress, push, script, "full", seconds)));
        results.Add(("ceiling again, for drift", await Wrk(ceiling.BaseAddress, push, script, "ceiling2", seconds)));

        Console.WriteLine();
        Console.WriteLine($"| {Connections} connections, {seconds} s | events/s | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in results)
        {
            Console.WriteLine($"| {name} | {r.RequestsPerSecond:N0} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} | {r.Errors} |");
        }
        Console.WriteLine();
        Console.WriteLine($"| constant {steady.Rate:N0} events/s, {steady.Count:N0} events | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| CtiPush, empty log | {steady.P50:F2} | {steady.P99:F2} | {steady.Max:F1} | {steady.Errors} |");
        Console.WriteLine();
        var ceilingRate = (results[0].Result.RequestsPerSecond + results[3].Result.RequestsPerSecond) / 2;
        Console.WriteLine($"service / ceiling, empty log: {results[1].Result.RequestsPerSecond / ceilingRate:F2} (target ≥ 0.8, stretch ≥ 1.0)");
        Console.WriteLine($"{stored:N0} stored / empty log: {results[2].Result.RequestsPerSecond / results[1].Result.RequestsPerSecond:F2} (target ≥ 0.9)");
        Console.WriteLine($"service peak memory: {memoryAtFullLoad:F0} MiB after full load, {service.PeakMemoryMiB:F0} MiB at the end (target ≤ 250)");
        return 0;
    }

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

    public sealed record WrkResult(double RequestsPerSecond, double P50, double P99, double Max, long Errors);

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
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"), Percentile(output, "99%"),
            Milliseconds(LatencyMax().Match(output).Groups[1].Value, LatencyMax().Match(output).Groups[2].Value),
            errors);
    }

    private static double Percentile(string output, string which)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(which)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        return Milliseconds(match.Groups[1].Value, match.Groups[2].Value);
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => 60_000 };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", RegexOptions.Multiline)]
    private static partial Regex LatencyMax();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();

    public sealed record SteadyResult(int Rate, int Count, double P50, double P99, double Max, int Errors);

    /// <summary>
    /// An open-loop client at a fixed rate: each request's latency counts from when it was due, not from when it was
    /// sent, so a stall is not hidden by the client waiting for it (no coordinated omission, as wrk2 does it).
    /// </summary>
    private static async Task<SteadyResult> ConstantRate(Uri server, string path, int rate, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = server };
        var count = (int)(rate * duration.TotalSeconds);
        var latencies = new double[count];
        var errors = 0;
        var pending = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var index = i;
            var call = i / 3;
            var body = (i % 3) switch
            {
                0 => $"event=newCall&callId=steady-{Environment.ProcessId}-{call}&direction=in&from=4930{call:D8}&to=4930555000&user[]=agent-{call % 40}",
                1 => $"event=answer&callId=steady-{Environment.ProcessId}-{call}&user=agent-{call % 40}",
                _ => $"event=hangup&callId=steady-{Environment.ProcessId}-{call}&cause=normalClearing",
            };
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(pending);
        Array.Sort(latencies);
        return new SteadyResult(rate, count, latencies[count / 2], latencies[(int)(count * 0.99)], latencies[^1], errors);
    }
}
