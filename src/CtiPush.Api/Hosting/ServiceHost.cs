using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.Hosting;

/// <summary>How the service starts and refuses to.</summary>
public static class ServiceHost
{
    /// <summary>
    /// The content root is the application's own folder, where its <c>appsettings*.json</c> and <c>wwwroot</c> are,
    /// so <c>dotnet /opt/ctipush/CtiPush.Api.dll</c> works from any directory; <c>--contentRoot</c> or
    /// <c>ASPNETCORE_CONTENTROOT</c> still choose another.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRootGiven(args) ? null : AppContext.BaseDirectory,
    };

    private static bool ContentRootGiven(string[] args) =>
        args.Any(arg => arg.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));

    /// <summary>
    /// Runs the service until it stops. What must be fixed before it can run — a setting, a database that does not
    /// answer — is said in one line on standard error with exit code 1, and no stack trace: it is not a crash.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            // Settings first, before anything starts or logs: a refusal is then all there is to read.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            await app.RunAsync();
            return 0;
        }
        catch (Exception refused) when (Refusal(refused) is { } reason)
        {
            Console.Error.WriteLine($"CtiPush cannot start: {reason}");
            return 1;
        }
    }

    /// <summary>What must be fixed, in one line; null for anything else, which is a crash.</summary>
    private static string? Refusal(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        // Several options refused at once: the start-up validator throws them together.
        AggregateException { InnerExceptions: var all } when all.All(e => e is OptionsValidationException) => string.Join(" ", all.Select(Refusal)),
        DatabaseUnreachableException or StartupRefusedException => exception.Message,
        _ => null,
    };
}
