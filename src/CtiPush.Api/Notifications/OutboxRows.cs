using System.Globalization;
using System.Text;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Notifications;

/// <summary>
/// The outbox's writes in bulk. The push path queues each event once (<see cref="QueueAsync"/>, one statement in the
/// PBX's transaction); the delivery worker fans the queue out into one notification per subscription
/// (<see cref="FanOutAsync"/>). Both skip what is there already — the same event waiting in the queue, or already a
/// notification for that subscription, from an earlier event of the call or another instance — by their unique
/// indexes (<c>ON CONFLICT DO NOTHING</c>, on SQLite and PostgreSQL alike): one round trip, no look first.
/// </summary>
public static class OutboxRows
{
    public sealed record Queued(string EventId, string Type, string OrderKey, string Payload, IReadOnlyCollection<long> SubscriptionIds);

    /// <summary>A notification to write; <paramref name="CreatedAt"/> is its event's time, from which retention and anonymising count.</summary>
    public sealed record Row(long SubscriptionId, string EventId, string Type, string OrderKey, string Payload, DateTimeOffset CreatedAt);

    /// <summary>The most queued events one fan-out takes while nothing else needs the machine.</summary>
    public const int FanOutBatch = 1000;

    /// <summary>The advisory lock (PostgreSQL) one fan-out holds, so a call's notifications get ids in its events' order (<see cref="HoldFanOutAsync"/>).</summary>
    private const long FanOutLock = 0x43_54_49_46_41_4E; // "CTIFAN"

    /// <summary>Queues the batch's events in one statement (on SQLite a few), in the batch's transaction: the PBX's group commit waits for it.</summary>
    public static async Task QueueAsync(CtiPushDbContext db, IReadOnlyList<Queued> events, DateTimeOffset now)
    {
        var queue = db.Model.FindEntityType(typeof(QueuedEvent))!;
        string[] columns = [nameof(QueuedEvent.EventId), nameof(QueuedEvent.Event), nameof(QueuedEvent.OrderKey), nameof(QueuedEvent.Payload),
            nameof(QueuedEvent.SubscriptionIds), nameof(QueuedEvent.CreatedAt)];
        foreach (var chunk in events.Chunk(ModelRows.RowsPerStatement(db, columns.Length, events.Count)))
        {
            // Still waiting: it goes to the subscriptions that want it now too (another instance can queue the same event).
            // A repeat in the list is dropped at the fan-out.
            await ModelRows.InsertAsync(db, queue, columns,
                [.. chunk.Select(e => new object?[] { e.EventId, e.Type, e.OrderKey, e.Payload, string.Join(',', e.SubscriptionIds), now })], CancellationToken.None,
                onConflict: "ON CONFLICT (event_id) DO UPDATE SET subscription_ids = notification_queue.subscription_ids || ',' || excluded.subscription_ids");
        }
    }

    /// <summary>
    /// Turns the oldest queued events (up to <paramref name="most"/>) into notifications, one per subscription that
    /// wanted each, and deletes them from the queue, in one transaction; returns how many events it took.
    /// </summary>
    public static async Task<int> FanOutAsync(CtiPushDbContext db, DateTimeOffset now, int most, CancellationToken cancellationToken)
    {
        if (!await db.Set<QueuedEvent>().AnyAsync(cancellationToken))
        {
            return 0; // no transaction: on SQLite it would take the writer's lock on every round
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HoldFanOutAsync(db, cancellationToken);
        var queued = await db.Set<QueuedEvent>().AsNoTracking().OrderBy(e => e.Id).Take(most).ToListAsync(cancellationToken);
        if (queued.Count == 0)
        {
            return 0;
        }
        var rows = queued.SelectMany(e => e.Subscriptions().Select(subscription =>
            new Row(subscription, e.EventId, e.Event, e.OrderKey, e.Payload, e.CreatedAt))).ToList();
        foreach (var chunk in rows.Chunk(500)) // under both databases' limits on a statement's parameters (six a row)
        {
            await InsertNewAsync(db, chunk, now);
        }
        // Exactly those read: one committed meanwhile between them (another instance's) is fanned out next time.
        var ids = queued.Select(e => e.Id).ToList();
        await db.Set<QueuedEvent>().Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return queued.Count;
    }

    /// <summary>
    /// Keeps fan-outs out until the caller's transaction ends: taken by a fan-out, and by an erasure or anonymising
    /// that changes the queue, so a fan-out never writes a payload it read before they changed it (PostgreSQL; SQLite's
    /// single writer does the same).
    /// </summary>
    public static async Task HoldFanOutAsync(CtiPushDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [FanOutLock], cancellationToken);
        }
    }

    /// <summary>
    /// Notifications in one statement, due <paramref name="now"/> (and retried from then on), in their order (the ids keep it: a call's are sent in id order). A subscription
    /// deleted meanwhile gets nothing: the rows join the subscriptions, locked against deletion on PostgreSQL for the
    /// statement's length, so a deletion committed before is skipped instead of failing on the foreign key.
    /// </summary>
    public static async Task InsertNewAsync(CtiPushDbContext db, IReadOnlyList<Row> rows, DateTimeOffset now)
    {
        var sql = new StringBuilder(
            "INSERT INTO notifications (subscription_id, event_id, event, order_key, payload, state, attempts, next_attempt_at, retrying_since, created_at) " +
            "SELECT v.column1, v.column2, v.column3, v.column4, v.column5, 'pending', 0, {0}, {0}, v.column7 FROM (VALUES ");
        var parameters = new List<object> { db.InstantParameter(now) };
        for (var i = 0; i < rows.Count; i++)
        {
            var n = parameters.Count;
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}}, {i}, {{{n + 5}}})");
            parameters.AddRange([rows[i].SubscriptionId, rows[i].EventId, rows[i].Type, rows[i].OrderKey, rows[i].Payload, db.InstantParameter(rows[i].CreatedAt)]);
        }
        // "WHERE true" keeps SQLite from reading the upsert's ON as the join's.
        sql.Append(") AS v JOIN webhook_subscriptions s ON s.id = v.column1 WHERE true ORDER BY v.column6");
        sql.Append(db.Database.IsNpgsql() ? " FOR KEY SHARE OF s" : "");
        sql.Append(" ON CONFLICT (event_id, subscription_id) DO NOTHING");
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
    }
}
