using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CtiPush.Benchmarks;

/// <summary>
/// An open-loop client at a fixed rate, as wrk2 measures: each post's latency counts from when it was due, not from
/// when it was sent, so a stall is not hidden by the client waiting for it (no coordinated omission). It runs as a
/// process of its own (<c>openloop URL PATH RATE SECONDS RUN</c>), never inside what it measures; how late the client
/// itself sent is reported beside the latencies, so its own share can be told apart.
/// </summary>
public static class OpenLoopClient
{
    public sealed record Result(int Rate, int Count, double P50, double P99, double Max, int Errors, double LateP50, double LateP99);

    /// <summary>Runs the client as a child process against <paramref name="server"/> and reads its result.</summary>
    public static async Task<Result> MeasureAsync(Uri server, string path, int rate, int seconds, string run)
    {
        await using var client = BenchmarkProcess.Start("openloop", server.ToString(), path,
            rate.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture), run);
        var line = await client.WaitForLineAsync("result ", TimeSpan.FromSeconds(seconds + 120));
        var f = line.Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new Result((int)f[0], (int)f[1], f[2], f[3], f[4], (int)f[5], f[6], f[7]);
    }

    /// <summary>The child process's work: whole calls (newCall, answer, hangup) at the rate, then one result line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (server, path) = (new Uri(args[1]), args[2]);
        var (rate, seconds, run) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), args[5]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
        };
        var count = rate * seconds;
        var latencies = new double[count];
        var late = new double[count];
        var errors = 0;
        var sent = new Task[count];
        var clock = Stopwatch.StartNew();
        // A thread of its own keeps the schedule, sleeping until the next post is due and then sending every post due by
        // then. It never spins: yielding in a loop until each due time kept one of the machine's two cores busy, taken
        // from the service and database it measures. A post sent up to a millisecond late (the sleep's granularity)
        // counts that in its latency, and shows as "late".
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * i / rate);
                while (due - clock.Elapsed is var wait && wait > TimeSpan.Zero)
                {
                    Thread.Sleep(Math.Max(1, (int)wait.TotalMilliseconds));
                }
                late[i] = (clock.Elapsed - due).TotalMilliseconds;
                sent[i] = Post(i, due);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        scheduler.Join();
        await Task.WhenAll(sent);
        Array.Sort(latencies);
        Array.Sort(late);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {rate} {count} {latencies[count / 2]:F3} {latencies[(int)(count * 0.99)]:F3} {latencies[^1]:F3} {errors} {late[count / 2]:F3} {late[(int)(count * 0.99)]:F3}"));
        return 0;

        async Task Post(int index, TimeSpan due)
        {
            var call = index / 3;
            var id = $"steady-{run}-{Environment.ProcessId}-{call}";
            var body = (index % 3) switch
            {
                0 => $"event=newCall&callId={id}&direction=in&from=4930{call:D8}&to=4930555000&user[]=agent-{call % 40}",
                1 => $"event=answer&callId={id}&user=agent-{call % 40}",
                _ => $"event=hangup&callId={id}&cause=normalClearing",
            };
            try
            {
                using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
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
        }
    }
}
