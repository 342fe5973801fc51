using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>
/// Closes calls whose hangup never came (a PBX restarted, an event was lost): after
/// <see cref="CallLogOptions.StaleAfterMinutes"/> a call still ringing or talking ends with cause <c>timeout</c>,
/// and one never answered shows as missed. Without this they would ring in the log forever.
/// </summary>
public sealed class StaleCallService(
    IServiceScopeFactory scopes,
    IOptions<CallLogOptions> options,
    CallChangeFeed changes,
    CallObservers observers,
    TimeProvider time,
    ILogger<StaleCallService> logger) : PeriodicJob(time, logger)
{
    public const int BatchSize = 200; // under the live stream's look-back of 500 ids

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override Task RunOnceAsync(CancellationToken cancellationToken) => CloseStaleAsync(cancellationToken);

    /// <summary>Closes what is stale now; returns how many calls it closed.</summary>
    public async Task<int> CloseStaleAsync(CancellationToken cancellationToken)
    {
        if (options.Value.StaleAfterMinutes <= 0)
        {
            return 0;
        }
        var cutoff = Time.GetUtcNow().AddMinutes(-options.Value.StaleAfterMinutes);
        var closed = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
            // A real hangup landing at the same moment wins: the row version refuses the stale write, and the
            // retry reads the call again, ended now, so it is no longer picked.
            var count = await db.RetryOnConflictAsync(async _ =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var stale = await db.Set<Call>()
                    .Where(c => c.StartedAt < cutoff && c.State != CallState.Hangup)
                    .OrderBy(c => c.StartedAt).Take(BatchSize).ToListAsync(cancellationToken);
                var now = Time.GetUtcNow();
                stale.ForEach(call => call.TimeOut(now));
                await observers.SaveAsync(db, stale, now); // a call that timed out unanswered is missed: the worklist takes it
                await transaction.CommitAsync(CancellationToken.None);
                return stale.Count;
            });
            closed += count;
            if (count < BatchSize)
            {
                break;
            }
        }
        if (closed > 0)
        {
            changes.Notify();
            logger.LogInformation("Closed {Count} calls with no hangup {Minutes} minutes after they started (cause timeout)", closed, options.Value.StaleAfterMinutes);
        }
        return closed;
    }
}
