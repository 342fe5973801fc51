using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// What notifications cost the push endpoint: the load benchmark's wrk (whole calls, 64 connections) against the
/// service with no subscription, then with three (JSON, every call event, to a receiver on loopback that answers 200),
/// alternating (none, three, none, three, … five times, then silent, none) so drift falls on both, each run with
/// subscriptions also set against the runs beside it (this machine has slow spells a minute or two long, so the
/// median of those ratios is the figure a single spell does not move); and once with receivers that never answer, so
/// the worker waits instead of working: what the outbox writes alone cost. The outbox rows commit in the PBX's group
/// commit, and the worker sends beside it on the same two cores.
/// Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- webhooks [seconds, 20]
/// </summary>
public static class WebhookLoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var script = Path.Combine(ServiceUnderTest.RepositoryRoot(), "benchmarks", "load", "calls.lua");
        await using var service = await ServiceUnderTest.StartAsync(new Dictionary<string, string> { ["Webhooks__AllowPrivateNetworks"] = "true" });
        var received = 0L;
        await using var receiver = await StartReceiverAsync(() => Interlocked.Increment(ref received));
        var push = $"/api/v1/cti/{ServiceUnderTest.PbxToken}";
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; wrk -t2 -c64 -d{seconds}s");

        await LoadBenchmark.Wrk(service.BaseAddress, push, script, "warm", 30);
        // Alternating: none, three, … (five runs with three), none, silent, none; each run with subscriptions is set
        // against the mean of the runs on either side of it, so the machine's drift falls on both.
        var none = new List<Run>();
        var three = new List<Run>();
        var writesOnly = new List<Run>();
        var inOrder = new List<(string Kind, Run Run)>();
        async Task<Run> MeasureAsync(string name)
        {
            var before = CpuTime.Now(service.ProcessId);
            var wrk = await LoadBenchmark.Wrk(service.BaseAddress, push, script, name, seconds);
            var cpu = (CpuTime.Now(service.ProcessId) - before).PerEvent(wrk.Requests);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {wrk.RequestsPerSecond:N0} events/s; CPU per event: service {cpu.Service:F0} µs, PostgreSQL {cpu.Postgres:F0} µs, machine {cpu.Machine:F0} µs"));
            return new Run(wrk, cpu);
        }
        var delivered = 0L;
        for (var round = 0; round < Rounds; round++)
        {
            await SettleAsync(service.Database, round);
            if (round % 2 == 0)
            {
                none.Add(await MeasureAsync($"none{round}"));
                inOrder.Add(("none", none[^1]));
                continue;
            }
            if (round == Rounds - 2)
            {
                // The outbox's cost alone: a receiver that never answers keeps the worker waiting, not working.
                var silent = await SubscribeAsync(service.Http, receiver.Urls.First() + "/silent");
                writesOnly.Add(await MeasureAsync($"silent{round}"));
                inOrder.Add(("silent", writesOnly[^1]));
                foreach (var id in silent)
                {
                    (await service.Http.DeleteAsync($"/api/v1/webhooks/{id}")).EnsureSuccessStatusCode();
                }
                continue;
            }
            var ids = await SubscribeAsync(service.Http, receiver.Urls.First());
            var before = Interlocked.Read(ref received);
            three.Add(await MeasureAsync($"three{round}"));
            inOrder.Add(("three", three[^1]));
            delivered += Interlocked.Read(ref received) - before;
            // What waited goes out once the PBX lets up: all of it is delivered before the next run, so nothing is counted
            // lost and no run pays for the one before.
            var drained = await AllSentAsync(service.Database);
            Console.WriteLine($"three{round}: {Interlocked.Read(ref received) - before:N0} notifications delivered, the last {drained.TotalSeconds:F0} s after the run");
            foreach (var id in ids)
            {
                (await service.Http.DeleteAsync($"/api/v1/webhooks/{id}")).EnsureSuccessStatusCode();
            }
        }
        var neighbours = new List<(string Kind, double Ratio)>();
        for (var i = 1; i < inOrder.Count - 1; i += 2)
        {
            neighbours.Add((inOrder[i].Kind, inOrder[i].Run.Rate / ((inOrder[i - 1].Run.Rate + inOrder[i + 1].Run.Rate) / 2)));
        }

        Console.WriteLine();
        Console.WriteLine($"| 64 connections, {seconds} s each | runs | events/s (each) | mean events/s | p50 ms | p99 ms | errors | CPU µs per event: service / PostgreSQL / machine |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---|");
        foreach (var (name, runs) in new[] { ("no subscription", none), ("three subscriptions", three), ("three, receivers silent (outbox writes only)", writesOnly) })
        {
            Console.WriteLine($"| {name} | {runs.Count} | {string.Join(", ", runs.Select(r => r.Rate.ToString("N0", CultureInfo.InvariantCulture)))} | " +
                $"{runs.Average(r => r.Rate):N0} | {runs.Average(r => r.Wrk.P50):F2} | {runs.Average(r => r.Wrk.P99):F2} | {runs.Sum(r => r.Wrk.Errors)} | " +
                $"{runs.Average(r => r.Cpu.Service):F0} / {runs.Average(r => r.Cpu.Postgres):F0} / {runs.Average(r => r.Cpu.Machine):F0} |");
        }
        Console.WriteLine();
        Console.WriteLine($"three subscriptions / none: {three.Average(r => r.Rate) / none.Average(r => r.Rate):F2} (target ≥ 0.90)");
        // The machine is saturated in every run, so its CPU per event sets the rate: none's over three's is the ratio
        // the rates would show without the run-to-run spread.
        Console.WriteLine($"machine CPU per event, none / three: {none.Average(r => r.Cpu.Machine) / three.Average(r => r.Cpu.Machine):F2}; " +
            $"none / silent: {none.Average(r => r.Cpu.Machine) / writesOnly.Average(r => r.Cpu.Machine):F2}");
        Console.WriteLine("each run with subscriptions / the mean of the runs beside it: " + string.Join(", ",
            neighbours.Select(n => $"{n.Kind} {n.Ratio:F2}")) + $"; three's mean {neighbours.Where(n => n.Kind == "three").Average(n => n.Ratio):F2}, median {Median(neighbours.Where(n => n.Kind == "three").Select(n => n.Ratio)):F2}");
        Console.WriteLine($"outbox writes only / none: {writesOnly.Average(r => r.Rate) / none.Average(r => r.Rate):F2}");
        Console.WriteLine($"notifications delivered while measuring with three: {delivered:N0} ({delivered / (double)(seconds * three.Count):N0}/s)");
        return 0;
    }

    /// <summary>Runs in all: none and three alternating (five with three), then silent, then none.</summary>
    private const int Rounds = 13;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Created(long Id);

    /// <summary>One wrk run and the CPU it took per event.</summary>
    private sealed record Run(LoadBenchmark.WrkResult Wrk, (double Service, double Postgres, double Machine) Cpu)
    {
        public double Rate => Wrk.RequestsPerSecond;
    }

    /// <summary>
    /// Waits (15 minutes at most) until no event is queued and no notification waits to be sent; returns how long it
    /// took. A deleted subscription's queue is cleared at the worker's next poll.
    /// </summary>
    private static async Task<TimeSpan> AllSentAsync(string database)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var pending = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM notification_queue) + (SELECT count(*) FROM notifications WHERE state = 'pending')", connection);
        while ((long)(await pending.ExecuteScalarAsync())! > 0 && waited.Elapsed < TimeSpan.FromMinutes(15))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return waited.Elapsed;
    }

    /// <summary>
    /// Every run starts from the same database: the dead rows the last run's sending (or deleting) left vacuumed, its
    /// dirty pages written (as pgbench does before each run), so a checkpoint or autovacuum falls in no run's 20 s.
    /// </summary>
    private static async Task SettleAsync(string database, int round)
    {
        var settle = System.Diagnostics.Stopwatch.StartNew();
        await AllSentAsync(database);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        await new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        Console.WriteLine($"before run {round}: settled in {settle.Elapsed.TotalSeconds:F1} s (outbox empty, VACUUM ANALYZE, CHECKPOINT)");
    }

    private static async Task<List<long>> SubscribeAsync(HttpClient admin, string receiver)
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new
            {
                url = $"{receiver}/hook/{i}",
                events = new[] { "call.ringing", "call.answered", "call.ended", "call.missed" },
            });
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<Created>())!.Id);
        }
        return ids;
    }

    private static async Task<WebApplication> StartReceiverAsync(Action received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{ServiceUnderTest.FreePortNumber()}");
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/silent"))
            {
                await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await context.Request.Body.CopyToAsync(Stream.Null);
            received();
            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        return app;
    }
}
