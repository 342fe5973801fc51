using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.Data;

/// <summary>
/// Before the service takes requests: waits (a bounded time) for the database to answer, then brings the schema
/// up to date, unless that is turned off.
/// </summary>
public sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        await WaitForDatabaseAsync(db, cancellationToken);
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

    /// <summary>A database that starts with the service (compose) gets time to come up; one that never does stops the start.</summary>
    private async Task WaitForDatabaseAsync(CtiPushDbContext db, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Value.StartupWaitSeconds);
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.CloseConnectionAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
            var where = db.Database.GetDbConnection() is var connection && connection.DataSource is { Length: > 0 } source ? $" at {source}" : "";
            if (!DatabaseFailure.IsUnavailable(failure))
            {
                // A wrong password or database name does not get better by waiting.
                throw new DatabaseUnreachableException(
                    $"the database ({options.Value.Provider}{where}) refused the connection: {DatabaseFailure.ReasonOf(failure)} Check ConnectionStrings:CtiPush.", failure);
            }
            if (waited.Elapsed >= limit)
            {
                throw new DatabaseUnreachableException(
                    $"the database ({options.Value.Provider}{where}) did not answer within {options.Value.StartupWaitSeconds} s: {DatabaseFailure.ReasonOf(failure)} " +
                    "Check ConnectionStrings:CtiPush and that the server runs.", failure);
            }
            logger.LogWarning("The database does not answer yet (attempt {Attempt}): {Reason}", attempt, DatabaseFailure.ReasonOf(failure));
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
