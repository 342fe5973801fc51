using CtiPush.Data;
using CtiPush.Infrastructure;

namespace CtiPush.Hosting;

/// <summary>Commands for containers and deployments, run instead of the service.</summary>
public static class Commands
{
    /// <summary>The command's exit code, or null when <paramref name="args"/> name none and the service should run.</summary>
    public static async Task<int?> RunAsync(string[] args) => args switch
    {
        ["migrate", .. var rest] => await MigrateAsync(rest),
        ["health", .. var url] => await Health.ProbeAsync(url is [var given] ? given : "http://127.0.0.1:8080/health/ready"),
        _ => null,
    };

    /// <summary>
    /// <c>dotnet CtiPush.Api.dll migrate</c>: waits for the database, applies the pending migrations and exits; the
    /// step production runs before starting (or scaling) the service with <c>Database:MigrateOnStartup=false</c>.
    /// Needs only the database settings, no PBX token or admin key.
    /// </summary>
    private static async Task<int> MigrateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(ServiceHost.Options(args));
        builder.Configuration["Database:MigrateOnStartup"] = "true";
        builder.AddCtiPushLogging();
        builder.AddCtiPushDatabase();
        await using var host = builder.Build();
        try
        {
            await ActivatorUtilities.CreateInstance<DatabaseMigrator>(host.Services).StartAsync(CancellationToken.None);
            return 0;
        }
        catch (DatabaseUnreachableException unreachable)
        {
            Console.Error.WriteLine($"CtiPush cannot migrate: {unreachable.Message}");
            return 1;
        }
    }
}
