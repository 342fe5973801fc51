using System.Diagnostics;
using System.Net;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Shipping;

/// <summary>The service as it is installed: published to a folder and started from somewhere else.</summary>
public sealed class InstalledServiceTests
{
    [Fact]
    public async Task Published_and_started_from_another_directory_it_serves_its_page_and_reads_its_settings()
    {
        var published = Directory.CreateTempSubdirectory("ctipush-published").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("ctipush-elsewhere").FullName;
        var project = Path.Combine(RepositoryRoot(), "src", "CtiPush.Api", "CtiPush.Api.csproj");
        var (publishExit, publishOutput) = await Run("dotnet", ["publish", project, "-o", published, "--no-restore", "-v", "q"], elsewhere, new());
        Assert.True(publishExit == 0, publishOutput);

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(published, "CtiPush.Api.dll")])
        {
            WorkingDirectory = elsewhere,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Development: its token comes only from appsettings.Development.json beside the DLL, not from here.
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" },
        };
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        using var service = Process.Start(start)!;
        _ = service.StandardOutput.ReadToEndAsync();
        _ = service.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.Until(async () =>
            {
                try
                {
                    return (await client.GetAsync("/health/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, "the published service to be ready");

            var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<title>", await page.Content.ReadAsStringAsync());
            await Pbx.Ok(new Pbx(client, "dev-token").NewCall("installed-1"));
            Assert.True(File.Exists(Path.Combine(published, "data", "ctipush.db")), "the SQLite default lives beside the application");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "nothing is written where the service was started from");
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Without_a_pbx_token_in_production_it_prints_exactly_one_line_and_exits_with_1()
    {
        var elsewhere = Directory.CreateTempSubdirectory("ctipush-refusal").FullName;
        var (exitCode, stdout, stderr) = await RunSplit("dotnet", [Path.Combine(AppContext.BaseDirectory, "CtiPush.Api.dll")], elsewhere, new(KeyCertificate.Environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Admin__ApiKey"] = CtiPushApp.AdminKey,
        });

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CtiPush cannot start: No PBX token is configured: set Cti:Tokens:{name} (environment variable Cti__Tokens__main=...)."], lines);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CtiPush.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("CtiPush.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string[] args, string directory, Dictionary<string, string> environment)
    {
        var (exitCode, stdout, stderr) = await RunSplit(file, args, directory, environment);
        return (exitCode, stdout + stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunSplit(string file, string[] args, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("Cti__Tokens__main");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
