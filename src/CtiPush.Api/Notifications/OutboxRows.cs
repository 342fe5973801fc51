using System.Globalization;
using System.Text;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Notifications;

/// <summary>
/// The push path's outbox write: every notification of a batch in one statement, in the batch's transaction;
/// one the outbox has already (the same event for the same subscription, written by an earlier event of the call or by
/// another instance) is skipped by the unique index (<c>ON CONFLICT DO NOTHING</c>, on SQLite and PostgreSQL alike).
/// One round trip, no look first: the PBX's group commit waits for it. A subscription deleted a moment ago (each
/// instance keeps the list up to a second) gets nothing: the rows join the subscriptions, locked against deletion on
/// PostgreSQL for the statement's length, so a deletion committed before is skipped instead of failing the PBX's batch
/// on the foreign key.
/// </summary>
public static class OutboxRows
{
    public sealed record Row(long SubscriptionId, string EventId, string Type, string OrderKey, string Payload);

    public static async Task InsertNewAsync(CtiPushDbContext db, IReadOnlyList<Row> rows, DateTimeOffset now)
    {
        // SQLite keeps times as the fixed-width UTC text the model's converter writes (SqliteCtiPushDbContext).
        object at = db.Database.IsNpgsql() ? now : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var sql = new StringBuilder(
            "INSERT INTO notifications (subscription_id, event_id, event, order_key, payload, state, attempts, next_attempt_at, retrying_since, created_at) " +
            "SELECT v.column1, v.column2, v.column3, v.column4, v.column5, 'pending', 0, {0}, {0}, {0} FROM (VALUES ");
        var parameters = new List<object> { at };
        for (var i = 0; i < rows.Count; i++)
        {
            var n = parameters.Count;
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}}, {i})");
            parameters.AddRange([rows[i].SubscriptionId, rows[i].EventId, rows[i].Type, rows[i].OrderKey, rows[i].Payload]);
        }
        // In the batch's order, which the ids keep: a call's notifications are sent in id order. ("WHERE true" keeps
        // SQLite from reading the upsert's ON as the join's.)
        sql.Append(") AS v JOIN webhook_subscriptions s ON s.id = v.column1 WHERE true ORDER BY v.column6");
        sql.Append(db.Database.IsNpgsql() ? " FOR KEY SHARE OF s" : "");
        sql.Append(" ON CONFLICT (event_id, subscription_id) DO NOTHING");
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
    }
}
