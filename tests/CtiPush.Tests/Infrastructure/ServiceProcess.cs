using System.Diagnostics;

namespace CtiPush.Tests.Infrastructure;

/// <summary>The service as an operator starts it: its own process, configured only through the environment.</summary>
public static class ServiceProcess
{
    /// <summary>Starts the service and expects it to refuse: returns its exit code and what it wrote to stderr.</summary>
    public static async Task<(int ExitCode, string Error)> StartExpectingRefusal(IDictionary<string, string> environment)
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
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
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
