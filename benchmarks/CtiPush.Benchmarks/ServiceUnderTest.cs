using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CtiPush.Benchmarks;

/// <summary>
/// The service as production runs it: its own process in Release, on a real socket, on a PostgreSQL database of
/// its own (on a <see cref="PostgresCluster"/> it is given, or on one of its own), gone again when disposed.
/// </summary>
public sealed partial class ServiceUnderTest : IAsyncDisposable
{
    public const string AdminKey = "benchmark-admin-key-0123456789";
    public const string PbxToken = "benchmark-pbx-token-0123456789";

    public static int FreePortNumber() => FreePort();
    private PostgresCluster? ownCluster;
    private Process? service;
    private Task<string>? errors;
    private Task<string>? output;

    /// <summary>Why the service is gone, if it is: its exit code and what it wrote to stderr.</summary>
    public string? Gone() => service is { HasExited: true } ? $"the service exited with {service.ExitCode}: {errors?.Result} {output?.Result}" : null;

    /// <summary>The service's database, for loading data in bulk.</summary>
    public string Database { get; private set; } = "";

    /// <summary>The service's address, for load generators.</summary>
    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>The most memory the service's process has held (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB => PeakMemoryOf(service!.Id);

    /// <summary>The service's process id, for <c>dotnet-counters</c> and <c>dotnet-trace</c>.</summary>
    public int ProcessId => service!.Id;

    public static double PeakMemoryOf(int processId) =>
        File.ReadLines($"/proc/{processId}/status").Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024)
            .Single();

    /// <summary>A client of the service, signed in as admin.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The service on a database of its own, on a cluster of its own, with <paramref name="settings"/> (environment variables) besides the usual ones.</summary>
    public static async Task<ServiceUnderTest> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = PostgresCluster.Start();
        var started = await StartAsync(await cluster.CreateDatabaseAsync(), waitUntilReady: true, cluster, settings);
        return started;
    }

    /// <summary>The service on <paramref name="database"/>; <paramref name="waitUntilReady"/> false returns at once (see <see cref="WaitUntilReady"/>).</summary>
    public static async Task<ServiceUnderTest> StartAsync(string database, bool waitUntilReady, PostgresCluster? ownCluster = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var started = new ServiceUnderTest { ownCluster = ownCluster, Database = database };
        try
        {
            await started.StartServiceAsync(waitUntilReady, settings ?? new Dictionary<string, string>());
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task StartServiceAsync(bool waitUntilReady, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [await Published.Value])
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
        foreach (var (key, value) in DockerfileRuntimeSettings())
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        service = Process.Start(start)!;
        // Logged as in production (a line a request, at Information), read as a container's runtime reads it; the tail is kept.
        output = TailAsync(service.StandardOutput);
        errors = service.StandardError.ReadToEndAsync();

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        if (waitUntilReady)
        {
            await WaitUntilReady();
        }
    }

    /// <summary>The last few thousand characters of what <paramref name="reader"/> gives until it ends.</summary>
    private static async Task<string> TailAsync(StreamReader reader)
    {
        const int Kept = 3000;
        var tail = new System.Text.StringBuilder(2 * Kept);
        var buffer = new char[Kept];
        while (await reader.ReadAsync(buffer) is var read and > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > Kept)
            {
                tail.Remove(0, tail.Length - Kept);
            }
        }
        return tail.ToString();
    }

    /// <summary>
    /// The service published as the Dockerfile publishes it (Release, linux-x64, ReadyToRun), once per benchmark run,
    /// so its start-up is production's.
    /// </summary>
    private static readonly Lazy<Task<string>> Published = new(async () =>
    {
        var output = Directory.CreateTempSubdirectory("ctipush-bench-service").FullName;
        var project = Path.Combine(RepositoryRoot(), "src", "CtiPush.Api", "CtiPush.Api.csproj");
        Console.WriteLine("publishing the service (Release, linux-x64, ReadyToRun) …");
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output, "-v", "q"])
        {
            RedirectStandardOutput = true,
        })!;
        var log = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0 ? Path.Combine(output, "CtiPush.Api.dll") : throw new InvalidOperationException("dotnet publish failed: " + log);
    });

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

    /// <summary>Until /health/ready answers 200 (polled every 50 ms, for a minute at most).</summary>
    public async Task WaitUntilReady()
    {
        for (var attempt = 0; attempt < 1200; attempt++)
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
            await Task.Delay(50);
        }
        throw new InvalidOperationException("The service did not become ready");
    }

    /// <summary>p50, p95, p99 and the mean of <paramref name="milliseconds"/>.</summary>
    public static (double P50, double P95, double P99, double Mean) Summary(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return (sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.95)], sorted[(int)(sorted.Count * 0.99)], sorted.Average());
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        service?.Kill(entireProcessTree: true);
        if (ownCluster is not null)
        {
            await ownCluster.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The runtime's settings the Dockerfile gives the container (<c>ENV DOTNET_…=…</c>): the service runs here as it runs
    /// there, from the one place they are set.
    /// </summary>
    private static IEnumerable<(string Key, string Value)> DockerfileRuntimeSettings() =>
        File.ReadLines(Path.Combine(RepositoryRoot(), "Dockerfile"))
            .Where(line => !line.TrimStart().StartsWith('#'))
            .SelectMany(line => RuntimeSetting().Matches(line))
            .Select(setting => (setting.Groups[1].Value, setting.Groups[2].Value));

    [GeneratedRegex(@"\b(DOTNET_\w+)=(\S+)")]
    private static partial Regex RuntimeSetting();

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
