using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.Data;

/// <summary>Brings the schema up to date before the service takes requests, unless turned off.</summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        if (!options.Value.MigrateOnStartup)
        {
            logger.LogInformation("Database provider {Provider}; migrations at start-up are off", options.Value.Provider);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the call log be read while events are written; the setting lives in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database provider {Provider} ready; {Count} migration(s) applied", options.Value.Provider, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
