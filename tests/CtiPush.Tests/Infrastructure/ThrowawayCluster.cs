using System.Diagnostics;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of its own (tests/postgres/throwaway.sh) on a free loopback port: for the test run, or for
/// one test that stops and starts its server. Removed when disposed.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string directory;

    private ThrowawayCluster(string directory, string connectionString) => (this.directory, ConnectionString) = (directory, connectionString);

    /// <summary>To the cluster's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>A started cluster, or null and why not (no server binaries, say).</summary>
    public static (ThrowawayCluster? Cluster, string? Unavailable) TryStart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ctipush-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var (exitCode, output, error) = Script("start", directory);
        return exitCode == 0
            ? (new ThrowawayCluster(directory, output.Trim()), null)
            : (null, error.Trim() is { Length: > 0 } message ? message : $"throwaway.sh exited with {exitCode}");
    }

    /// <summary>A started cluster; skips the test where none can be had, and fails it under CI=true.</summary>
    public static ThrowawayCluster StartOrSkip()
    {
        var (cluster, unavailable) = TryStart();
        if (cluster is not null)
        {
            return cluster;
        }
        if (PostgresServer.InCi)
        {
            Assert.Fail($"PostgreSQL is not available: {unavailable} (CI=true: PostgreSQL tests must run)");
        }
        Assert.Skip($"PostgreSQL is not available: {unavailable}");
        return null!;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut), as an outage would.</summary>
    public void Pause() => Check(Script("pause", directory));

    /// <summary>Starts it again, on the same port.</summary>
    public void Resume() => Check(Script("resume", directory));

    public ValueTask DisposeAsync()
    {
        Script("stop", directory);
        return ValueTask.CompletedTask;
    }

    private static void Check((int ExitCode, string Output, string Error) result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"throwaway.sh failed ({result.ExitCode}): {result.Error}");
        }
    }

    private static (int ExitCode, string Output, string Error) Script(string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tests", "postgres", "throwaway.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CtiPush.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("CtiPush.sln not found above " + AppContext.BaseDirectory);
    }
}
