using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.CallLog;

/// <summary>Deletes calls older than <see cref="CallLogOptions.RetentionDays"/> in small batches, once an hour.</summary>
public sealed class RetentionService(
    IServiceScopeFactory scopes,
    IOptions<CallLogOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : PeriodicJob(time, logger)
{
    public const int BatchSize = 1000;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override Task RunOnceAsync(CancellationToken cancellationToken) => PurgeAsync(cancellationToken);

    /// <summary>Removes what is past retention now; returns how many calls went.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RetentionDays <= 0)
        {
            return 0;
        }
        var cutoff = Time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var removed = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
            var ids = await db.Set<Call>().Where(c => c.StartedAt < cutoff).OrderBy(c => c.StartedAt).Select(c => c.Id)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }
            // Small transactions, so pushes keep flowing while an old log is cleared.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<CallEvent>().Where(e => ids.Contains(e.CallRowId)).ExecuteDeleteAsync(cancellationToken);
            removed += await db.Set<Call>().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (removed > 0)
        {
            logger.LogInformation("Retention removed {Count} calls that started before {Cutoff:u} ({Days} days)", removed, cutoff, options.Value.RetentionDays);
        }
        return removed;
    }
}
