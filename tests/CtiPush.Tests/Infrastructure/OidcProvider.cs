using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider on loopback: oidc-provider from npm (<c>tests/oidc/provider.js</c>, pinned in its
/// package-lock.json), run by Node.js, with one client and the people a test gives it. Installs its packages with
/// <c>npm ci</c> when they are missing. Where Node.js or the provider cannot start, the test is skipped, and under
/// CI=true it fails.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "ctipush-tests";
    public const string ClientSecret = "client-secret-for-tests-0123456789";

    private static readonly SemaphoreSlim Installing = new(1, 1);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string peopleFile;

    private OidcProvider(Process process, string peopleFile)
    {
        this.process = process;
        this.peopleFile = peopleFile;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The provider's issuer URL, e.g. <c>http://localhost:41234</c>.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>What the provider wrote so far, for failure messages.</summary>
    public string Output { get { lock (output) { return output.ToString(); } } }

    private readonly TaskCompletionSource<string> issuerLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(string? line)
    {
        if (line is null)
        {
            issuerLine.TrySetException(new InvalidOperationException("the provider closed its output"));
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
        if (line.StartsWith("{\"issuer\":", StringComparison.Ordinal))
        {
            issuerLine.TrySetResult(JsonDocument.Parse(line).RootElement.GetProperty("issuer").GetString()!);
        }
    }

    /// <summary>
    /// Starts the provider on a free port of 127.0.0.1, named <paramref name="host"/> in its issuer, for a client whose
    /// only redirect URI is <paramref name="redirectUri"/>.
    /// </summary>
    public static async Task<OidcProvider> StartAsync(string redirectUri, IReadOnlyDictionary<string, OidcPerson> people, string host = "localhost")
    {
        var folder = await InstalledFolderAsync();
        var peopleFile = Path.Combine(Directory.CreateTempSubdirectory("ctipush-oidc").FullName, "people.json");
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "provider.js")])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true, // the provider stops when this closes, so it cannot outlive the test run
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OIDC_HOST"] = host;
        start.Environment["OIDC_CLIENT_ID"] = ClientId;
        start.Environment["OIDC_CLIENT_SECRET"] = ClientSecret;
        start.Environment["OIDC_REDIRECT_URI"] = redirectUri;
        start.Environment["OIDC_USERS_FILE"] = peopleFile;
        start.Environment["DEBUG"] = "";
        var provider = new OidcProvider(Started(start), peopleFile);
        provider.SetPeople(people);
        try
        {
            provider.Issuer = await provider.issuerLine.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception failed) when (failed is TimeoutException or InvalidOperationException)
        {
            var said = provider.Output;
            await provider.DisposeAsync();
            Unavailable($"the OpenID Connect provider did not start ({failed.Message}): {said}");
        }
        return provider;
    }

    /// <summary>Replaces the provider's people; it reads them at every sign-in.</summary>
    public void SetPeople(IReadOnlyDictionary<string, OidcPerson> people)
    {
        var json = JsonSerializer.Serialize(people.ToDictionary(p => p.Key, p => new Dictionary<string, object>
        {
            ["password"] = p.Value.Password,
            ["name"] = p.Value.Name,
            ["email"] = p.Value.Email,
            ["email_verified"] = p.Value.EmailVerified,
            ["groups"] = p.Value.Groups,
        }));
        var temporary = peopleFile + ".new";
        File.WriteAllText(temporary, json);
        File.Move(temporary, peopleFile, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Directory.Delete(Path.GetDirectoryName(peopleFile)!, recursive: true);
    }

    private static Process Started(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            Unavailable($"{start.FileName} cannot be run ({missing.Message}); install Node.js 20 or later and npm");
            throw; // not reached: Unavailable throws
        }
    }

    /// <summary>tests/oidc with its node_modules, installed from the lock file on first use when missing.</summary>
    private static async Task<string> InstalledFolderAsync()
    {
        var folder = FindFolder();
        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
            {
                var install = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--prefix", folder])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var npm = Started(install);
                var said = Task.WhenAll(npm.StandardOutput.ReadToEndAsync(), npm.StandardError.ReadToEndAsync());
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await npm.WaitForExitAsync(timeout.Token);
                if (npm.ExitCode != 0)
                {
                    Unavailable($"npm ci in {folder} failed with exit code {npm.ExitCode}: {string.Join(Environment.NewLine, await said)}");
                }
            }
        }
        finally
        {
            Installing.Release();
        }
        return folder;
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "oidc");
            if (File.Exists(Path.Combine(candidate, "provider.js")))
            {
                return candidate;
            }
        }
        Unavailable($"tests/oidc/provider.js is not above {AppContext.BaseDirectory}");
        return ""; // not reached
    }

    private static void Unavailable(string reason)
    {
        if (PostgresServer.InCi)
        {
            Assert.Fail(reason + " (CI=true: the single sign-on tests must run)");
        }
        Assert.Skip(reason);
    }
}

/// <summary>Someone the provider knows; <see cref="Groups"/> is the <c>groups</c> claim.</summary>
public sealed record OidcPerson(string Password, string Name, string Email, string[] Groups, bool EmailVerified = true);
