using System.Diagnostics;
using System.Text;

namespace CtiPush.Tests.Infrastructure;

/// <summary>The service as an operator starts it: its own process, configured only through the environment.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process, int port)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    /// <summary>What the service wrote to stdout and stderr so far.</summary>
    public string Output { get { lock (output) { return output.ToString(); } } }

    /// <summary>Starts the service on a free port and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string> environment)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = StartInfo(environment);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var service = new ServiceProcess(Process.Start(start)!, port);
        try
        {
            await Eventually.Until(async () =>
            {
                Assert.False(service.process.HasExited, "The service exited at start-up: " + service.Output);
                try
                {
                    using var ready = await service.Client.GetAsync("/health/ready");
                    return ready.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, "the service to become ready", every: TimeSpan.FromMilliseconds(200), detail: () => service.Output);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>The service's resident memory now (its working set), in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, as in a crash or an OOM kill.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as <c>docker stop</c> and systemd send it.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Client.Dispose();
        process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CtiPush.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--contentRoot", Directory.CreateTempSubdirectory("ctipush-start").FullName])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Cti__Tokens__main"] = CtiPushApp.Token;
        start.Environment["Admin__ApiKey"] = CtiPushApp.AdminKey;
        foreach (var (key, value) in KeyCertificate.Environment)
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Starts the service and expects it to refuse: returns its exit code and what it wrote to stderr.</summary>
    public static async Task<(int ExitCode, string Error)> StartExpectingRefusal(IDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(environment))!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The service started instead of refusing to.");
        }
        return (process.ExitCode, await error);
    }
}
