using System.Diagnostics;

namespace CtiPush.Benchmarks;

/// <summary>
/// This benchmark program run again as a child process in another mode (the ceiling, the open-loop client), so what
/// is measured and what measures never share a process, a thread pool or a garbage collector.
/// </summary>
public sealed class BenchmarkProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly SemaphoreSlim lineArrived = new(0);

    private BenchmarkProcess(Process process) => this.process = process;

    /// <summary>Where it serves, when it is a server.</summary>
    public Uri BaseAddress { get; set; } = null!;

    public int ProcessId => process.Id;

    public static BenchmarkProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CtiPush.Benchmarks.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var started = new BenchmarkProcess(Process.Start(start) ?? throw new InvalidOperationException($"{arguments[0]} did not start"));
        started.process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (started.lines)
                {
                    started.lines.Add(line.Data);
                }
                started.lineArrived.Release();
            }
        };
        started.process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"[{arguments[0]}] {line.Data}");
            }
        };
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for a line of its output that starts with <paramref name="prefix"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            lock (lines)
            {
                if (lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }
            }
            if (process.HasExited && lineArrived.CurrentCount == 0)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[1]} exited with {process.ExitCode} before printing '{prefix}'");
            }
            await lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
        lineArrived.Dispose();
    }
}
