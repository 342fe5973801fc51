using System.Diagnostics;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// The service as production runs it: its own process in Release, on a real socket, on a PostgreSQL database of
/// its own (a throw-away cluster, or the server in CTIPUSH_BENCH_POSTGRES), gone again when disposed.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string AdminKey = "benchmark-admin-key-0123456789";
    public const string PbxToken = "benchmark-pbx-token-0123456789";

    private readonly string root = RepositoryRoot();

    public static int FreePortNumber() => FreePort();
    private readonly string cluster = Path.Combine(Path.GetTempPath(), "ctipush-bench-pg-" + Environment.ProcessId);
    private readonly bool ownCluster = Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES") is null;
    private Process? service;

    /// <summary>The service's database, for loading data in bulk.</summary>
    public string Database { get; private set; } = "";

    /// <summary>The service's address, for load generators.</summary>
    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>The most memory the service's process has held (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB => PeakMemoryOf(service!.Id);

    public static double PeakMemoryOf(int processId) =>
        File.ReadLines($"/proc/{processId}/status").Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024)
            .Single();

    /// <summary>A client of the service, signed in as admin.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <param name="environment">settings beyond the benchmark's own, as environment variables</param>
    public static async Task<ServiceUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var started = new ServiceUnderTest();
        try
        {
            await started.StartServiceAsync(environment ?? new Dictionary<string, string>());
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task StartServiceAsync(IReadOnlyDictionary<string, string> environment)
    {
        var server = ownCluster
            ? Run("bash", Path.Combine(root, "tests/postgres/throwaway.sh"), "start", cluster).Trim()
            : Environment.GetEnvironmentVariable("CTIPUSH_BENCH_POSTGRES")!;
        var name = "ctipush_bench_" + Environment.ProcessId;
        Database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CtiPush.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__CtiPush"] = Database;
        start.Environment["Cti__Tokens__main"] = PbxToken;
        start.Environment["Admin__ApiKey"] = AdminKey;
        start.Environment["DataProtection__CertificatePath"] = KeyCertificate();
        start.Environment["DataProtection__CertificatePassword"] = KeyCertificatePassword;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        service = Process.Start(start)!;
        // Kept for a look afterwards: written when the service ends (a crash mid-run included).
        var log = Path.Combine(Path.GetTempPath(), $"ctipush-bench-{Environment.ProcessId}.log");
        var output = service.StandardOutput.ReadToEndAsync();
        _ = service.StandardError.ReadToEndAsync().ContinueWith(async error => await File.WriteAllTextAsync(log, await output + await error), TaskScheduler.Default);

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        await WaitUntilReady();
    }

    private const string KeyCertificatePassword = "benchmark-key-certificate";

    /// <summary>Production needs a certificate for the session cookies' keys: a self-signed one, as a PKCS#12 file.</summary>
    private static string KeyCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(3072);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=ctipush-keys-benchmark", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("ctipush-bench-keys").FullName, "keys.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, KeyCertificatePassword));
        return path;
    }

    private async Task WaitUntilReady()
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await Http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException("The service did not become ready");
    }

    /// <summary>p50, p95, p99 and the mean of <paramref name="milliseconds"/>.</summary>
    public static (double P50, double P95, double P99, double Mean) Summary(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return (sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.95)], sorted[(int)(sorted.Count * 0.99)], sorted.Average());
    }

    public ValueTask DisposeAsync()
    {
        Http?.Dispose();
        service?.Kill(entireProcessTree: true);
        if (ownCluster && Directory.Exists(cluster))
        {
            Run("bash", Path.Combine(root, "tests/postgres/throwaway.sh"), "stop", cluster);
        }
        return ValueTask.CompletedTask;
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

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CtiPush.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("CtiPush.sln not found");
    }
}
