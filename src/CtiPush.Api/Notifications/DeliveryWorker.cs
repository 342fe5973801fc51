using System.Diagnostics;
using CtiPush.CallLog;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.Notifications;

/// <summary>
/// Sends what the outbox holds. Each round first fans the events the push path queued out into notifications, one per
/// subscription (<see cref="OutboxRows.FanOutAsync"/>), then claims due notifications in a short transaction — on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so instances on one database never claim the same one — by moving their due time
/// past a lease; then sends them outside any transaction and records each attempt. A notification whose call (or
/// callback) has an earlier one still pending waits for it, so a receiver sees a call's events in order. A failure is
/// retried with exponential backoff and jitter until <c>Webhooks:GiveUpAfterHours</c>; a <c>410 Gone</c> turns the
/// subscription off. An instance that dies mid-send leaves its claims to expire with the lease: sent at least once,
/// and the stable event id lets a receiver drop the repeat.
/// </summary>
public sealed class DeliveryWorker(
    IServiceScopeFactory scopes,
    NotificationWake wake,
    CallRecorder recorder,
    WebhookSender webhooks,
    EmailSender email,
    SubscriptionSnapshot snapshot,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>The most notifications one round claims; they are sent side by side.</summary>
    public const int Batch = 32;

    /// <summary>While the PBXs keep the call writer at its limit, at most one round this often.</summary>
    public static readonly TimeSpan BusyRoundEvery = TimeSpan.FromSeconds(1);

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? lastRound = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            var round = Stopwatch.GetTimestamp();
            try
            {
                // Every call change wakes the worker; without an enabled subscription none can have anything to send, so
                // the PBX's commits cost the database no round then. A round still runs at the poll interval: it fans out
                // (and so clears) what a subscription deleted meanwhile left in the queue.
                if (lastRound is not { } last || Stopwatch.GetElapsedTime(last) >= TimeSpan.FromSeconds(Options.PollSeconds) || await AnyoneToSendToAsync())
                {
                    lastRound = round;
                    sent = await RunOnceAsync(stoppingToken);
                }
            }
            catch (Exception failure) when (DatabaseFailure.IsUnavailable(failure))
            {
                logger.LogWarning("Notifications could not reach the database ({Reason}); trying again", DatabaseFailure.ReasonOf(failure));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogWarning(failure, "A round of notifications failed; trying again");
            }
            try
            {
                await GiveWayAsync(round, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (sent == 0)
            {
                try
                {
                    await wake.WaitAsync(TimeSpan.FromSeconds(Options.PollSeconds), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The PBX comes first: while its events queue up behind the call writer, a round a second at most, so sending
    /// (the worker here, the receivers' connections, the database's updates) takes no CPU the writer needs; what waits
    /// is sent, in order, once the queue is gone (its retries count from then on). Real time, not the service's clock:
    /// it shares the machine, it schedules nothing.
    /// </summary>
    private async Task GiveWayAsync(long roundStarted, CancellationToken stoppingToken)
    {
        while (recorder.IsBusy && Stopwatch.GetElapsedTime(roundStarted) < BusyRoundEvery)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
        }
    }

    /// <summary>Whether a subscription is enabled (as the push path's writers see them: read at most once a second).</summary>
    private async Task<bool> AnyoneToSendToAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await snapshot.EnabledAsync(scope.ServiceProvider.GetRequiredService<CtiPushDbContext>())).Count > 0;
    }

    /// <summary>One round: claim what is due, send it, record it. Returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            // What the push path queued becomes notifications first, one per subscription; while the call writer is at
            // its limit, no more than a round sends (see GiveWayAsync).
            await OutboxRows.FanOutAsync(scope.ServiceProvider.GetRequiredService<CtiPushDbContext>(), time.GetUtcNow(),
                recorder.IsBusy ? Batch : OutboxRows.FanOutBatch, stoppingToken);
        }
        var claimed = await ClaimAsync();
        if (claimed.Count == 0)
        {
            return 0;
        }
        var outcomes = new DeliveryOutcome[claimed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), new ParallelOptions { MaxDegreeOfParallelism = Batch, CancellationToken = stoppingToken },
            async (i, cancellationToken) => outcomes[i] = claimed[i].Subscription.Kind == SubscriptionKind.Email
                ? await email.SendAsync(claimed[i].Subscription, claimed[i].Notification, cancellationToken)
                : await webhooks.SendAsync(claimed[i].Subscription, claimed[i].Notification, cancellationToken));
        stoppingToken.ThrowIfCancellationRequested(); // cut off by shutdown: the leases run out and another round sends them
        await RecordAsync(claimed, outcomes);
        return claimed.Count;
    }

    /// <summary>
    /// An outbox swings from empty to a large backlog faster than PostgreSQL analyses it, and the generic plan it keeps
    /// for a prepared query, made while the table was empty, walks the whole table once per due notification (rounds
    /// then take minutes and time out). Planned afresh each time, the claim sees the table as large as it is now.
    /// </summary>
    private const string PlannedAfresh = "SET LOCAL plan_cache_mode = force_custom_plan";

    private static async Task PlannedAfreshAsync(CtiPushDbContext db)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(PlannedAfresh);
        }
    }

    /// <summary>
    /// Sets up the claim's transaction (<see cref="Due"/>), in one round trip: planned afresh, and never sorting.
    /// Statistics from while the outbox was empty make PostgreSQL expect a handful of pending rows and read them all to
    /// sort them, which with a backlog is the whole backlog each round; the due index already holds the claim's order
    /// and lets it stop at a round's worth.
    /// </summary>
    internal static async Task ClaimPlanAsync(CtiPushDbContext db)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(PlannedAfresh + "; SET LOCAL enable_sort = off");
        }
    }

    /// <summary>
    /// A round's worth of due notifications, earliest first, each the first of its call (or callback) still pending for
    /// its subscription; read through the outbox's two partial indexes, so a round reads about what it takes however
    /// large the backlog.
    /// </summary>
    internal static IQueryable<long> Due(CtiPushDbContext db, DateTimeOffset now)
    {
        var pending = db.Set<Notification>().Where(n => n.State == NotificationState.Pending);
        return pending
            .Where(n => n.NextAttemptAt <= now && db.Set<Subscription>().Any(s => s.Id == n.SubscriptionId && s.Enabled))
            .Where(n => n.OrderKey == null || !pending.Any(e => e.SubscriptionId == n.SubscriptionId && e.OrderKey == n.OrderKey && e.Id < n.Id))
            .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
            .Select(n => n.Id).Take(Batch);
    }

    /// <summary>What a round claimed: the notification (its payload completed for sending), to whom, and its payload as stored.</summary>
    private async Task<List<(Notification Notification, Subscription Subscription, string Stored)>> ClaimAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await ClaimPlanAsync(db);
        var now = time.GetUtcNow();
        var ids = await Due(db, now).ToListAsync();
        if (ids.Count == 0)
        {
            return [];
        }
        if (db.Database.IsNpgsql())
        {
            // Another instance may have claimed some since: lock what is still free and still due, skip the rest.
            // (SQLite has one writer and one instance: the transaction is enough.)
            var candidates = ids.ToArray();
            ids = await db.Database.SqlQuery<long>(
                $"SELECT id AS \"Value\" FROM notifications WHERE id = ANY({candidates}) AND state = 'pending' AND next_attempt_at <= {now} FOR UPDATE SKIP LOCKED")
                .ToListAsync();
        }
        var notifications = await db.Set<Notification>().Where(n => ids.Contains(n.Id)).ToListAsync();
        var subscriptionIds = notifications.Select(n => n.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Set<Subscription>().AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var lease = now + TimeSpan.FromSeconds(Options.TimeoutSeconds) + TimeSpan.FromMinutes(1);
        foreach (var notification in notifications)
        {
            notification.Attempts++;
            notification.NextAttemptAt = lease;
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        var stored = notifications.ToDictionary(n => n.Id, n => n.Payload);
        await CallPayloads.CompleteAsync(db, notifications); // for sending only: what is stored stays as written
        return [.. notifications.OrderBy(n => n.Id).Select(n => (n, subscriptions[n.SubscriptionId], stored[n.Id]))];
    }

    /// <summary>Records a round's attempts and what follows from them, in one transaction (one commit, not one per notification).</summary>
    private async Task RecordAsync(List<(Notification Notification, Subscription Subscription, string Stored)> claimed, DeliveryOutcome[] outcomes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        var now = time.GetUtcNow();
        var ids = claimed.Select(c => c.Notification.Id).ToList();
        // Read in the transaction that records the answers, locked: an erasure changing these payloads waits for it, or
        // is committed before, so an answer either is kept and then erased, or is not kept (SQLite: one writer at a time).
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await PlannedAfreshAsync(db);
        if (db.Database.IsNpgsql())
        {
            var locking = ids.ToArray();
            await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM notifications WHERE id = ANY({locking}) ORDER BY id FOR UPDATE").ToListAsync();
        }
        var stored = await db.Set<Notification>().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, CancellationToken.None);
        var gone = new HashSet<long>();
        for (var i = 0; i < claimed.Count; i++)
        {
            var (notification, subscription, payload) = claimed[i];
            var outcome = outcomes[i];
            if (!stored.TryGetValue(notification.Id, out var row))
            {
                continue; // its subscription was deleted meanwhile
            }
            db.Add(new Delivery
            {
                SubscriptionId = subscription.Id,
                NotificationId = notification.Id,
                EventId = notification.EventId,
                Event = notification.Event,
                Attempt = notification.Attempts,
                Status = outcome.Status,
                Error = outcome.Error,
                At = now,
                LatencyMs = outcome.LatencyMs,
                // An erasure that changed the payload while it was on its way: the answer may echo what was erased.
                Response = row.Payload == payload ? outcome.Response : null,
            });
            if (outcome.Succeeded)
            {
                row.State = NotificationState.Delivered;
                row.NextAttemptAt = now;
            }
            else if (outcome.Status == StatusCodes.Status410Gone && subscription.Kind == SubscriptionKind.Webhook)
            {
                row.State = NotificationState.Failed;
                gone.Add(subscription.Id);
            }
            else if (now - row.RetryingSince >= TimeSpan.FromHours(Options.GiveUpAfterHours))
            {
                row.State = NotificationState.Failed;
                logger.LogWarning("Notification {EventId} to subscription {SubscriptionId} ({Host}) given up after {Attempts} attempts: {Status} {Error}",
                    notification.EventId, subscription.Id, WebhookSender.HostOf(subscription.Url), notification.Attempts, outcome.Status, outcome.Error);
            }
            else
            {
                row.NextAttemptAt = now + Backoff(notification.Attempts);
                logger.LogInformation("Notification {EventId} to subscription {SubscriptionId} ({Host}) failed ({Status} {Error}); attempt {Attempt} at {NextAttemptAt}",
                    notification.EventId, subscription.Id, WebhookSender.HostOf(subscription.Url), outcome.Status, outcome.Error, notification.Attempts + 1, row.NextAttemptAt);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var id in gone)
        {
            await db.Set<Subscription>().Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Enabled, false)
                .SetProperty(x => x.DisabledReason, "The receiver answered 410 Gone: it wants no more notifications.")
                .SetProperty(x => x.UpdatedAt, now), CancellationToken.None);
            logger.LogWarning("Subscription {SubscriptionId} answered 410 Gone and is turned off", id);
        }
        await transaction.CommitAsync(CancellationToken.None);
        if (gone.Count > 0)
        {
            snapshot.Invalidate();
        }
    }

    /// <summary>
    /// First retry after about <c>FirstRetrySeconds</c>, then twice as long each time, at most an hour; each wait is
    /// drawn from its upper three quarters (jitter), so receivers that come back are not hit by every sender at once.
    /// </summary>
    private TimeSpan Backoff(int attempts)
    {
        var full = Math.Min(Options.FirstRetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 20)), 3600);
        return TimeSpan.FromSeconds(full * (0.25 + (0.75 * Random.Shared.NextDouble())));
    }
}
