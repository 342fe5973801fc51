using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using CtiPush.Data;
using CtiPush.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Notifications;

/// <summary>
/// The outbox as personal data: a notification's payload is a copy of the call (or callback) as it was, numbers and
/// names, and a receiver's answer may echo it. Erased in place, pending or sent, so a later send carries <c>erased</c>
/// (an answer that mentions the number becomes <c>erased</c> whole); by age, notifications are deleted with their
/// attempts (see <see cref="AnonymiseAsync"/>).
/// </summary>
internal sealed class NotificationPersonalData : IPersonalData
{
    /// <summary>Where a payload's data names the person a number is: the name goes with the number.</summary>
    private static readonly (string Number, string Name)[] NamedNumbers = [("fromNumber", "fromName"), ("toNumber", "toName"), ("number", "names")];

    public async Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken)
    {
        var db = scope.Db;
        // The events still queued for their fan-out (a worker's round at most) are notifications on their way, one per
        // subscription. Read first: one fanned out meanwhile is then listed twice at worst, never missed.
        var queued = await QueuedMentioningAsync(scope, db.Set<QueuedEvent>().AsNoTracking(), cancellationToken);
        var ids = (await NotificationsMentioningAsync(scope, db.Set<Notification>().AsNoTracking(), cancellationToken)).Select(n => n.Id)
            .Union((await AnswersMentioningAsync(scope, db.Set<Delivery>().AsNoTracking(), cancellationToken)).Select(d => d.NotificationId)).ToList();
        var notifications = await db.Set<Notification>().AsNoTracking().Where(n => ids.Contains(n.Id)).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var attempts = (await db.Set<Delivery>().AsNoTracking().Where(d => ids.Contains(d.NotificationId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.NotificationId);
        export.Add("notifications", notifications.Select(n => new PersonalNotification(n.EventId, n.Event, n.SubscriptionId, n.State, n.CreatedAt,
            JsonDocument.Parse(n.Payload).RootElement.Clone(),
            [.. attempts[n.Id].Select(d => new DeliveryView(d.Id, d.EventId, d.Event, d.Attempt, d.Status, d.Error, d.At, d.LatencyMs, d.Response, n.State))]))
            .Concat(queued.SelectMany(e => e.Subscriptions().Select(subscription => new PersonalNotification(e.EventId, e.Event,
                subscription, NotificationState.Pending, e.CreatedAt, JsonDocument.Parse(e.Payload).RootElement.Clone(), [])))));
    }

    public async Task EraseAsync(PersonalDataScope scope, ErasureCounts counts)
    {
        var db = scope.Db;
        await OutboxRows.HoldFanOutAsync(db, CancellationToken.None); // a fan-out running now would write what it read before
        var notifications = await NotificationsMentioningAsync(scope, db.Set<Notification>(), CancellationToken.None);
        foreach (var notification in notifications)
        {
            notification.Payload = Scrubbed(notification.Payload, scope.Number)!;
        }
        // Events still queued for their fan-out (a worker's round at most) are notifications on their way: scrubbed alike.
        var queued = await QueuedMentioningAsync(scope, db.Set<QueuedEvent>(), CancellationToken.None);
        foreach (var e in queued)
        {
            e.Payload = Scrubbed(e.Payload, scope.Number)!;
        }
        // Written before the answers are read: an attempt the worker records meanwhile either sees the new payload (and
        // keeps no answer) or is committed before this reads the answers (DeliveryWorker locks its notifications).
        await db.SaveChangesAsync(CancellationToken.None);
        var deliveries = await AnswersMentioningAsync(scope, db.Set<Delivery>(), CancellationToken.None);
        foreach (var delivery in deliveries)
        {
            // Whole: an echo of a payload names the caller too, and which of its words do cannot be told; status and times stay.
            delivery.Response = IPersonalData.Erased;
        }
        counts.Add("notifications", notifications.Count + queued.Sum(e => e.Subscriptions().Count()));
        counts.Add("deliveries", deliveries.Count);
    }

    /// <summary>
    /// Deletes what the outbox wrote before the cutoff, pending or not, with its attempts: a payload is a copy of a call
    /// at that time, an event that old is of no use to a receiver, and the attempts only make sense with it.
    /// </summary>
    public async Task<int> AnonymiseAsync(CtiPushDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await OutboxRows.HoldFanOutAsync(db, cancellationToken);
        await db.Set<QueuedEvent>().Where(e => e.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var ids = await db.Set<Notification>().Where(n => n.CreatedAt < cutoff).OrderBy(n => n.CreatedAt).Select(n => n.Id).Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }
        await db.Set<Delivery>().Where(d => ids.Contains(d.NotificationId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Notification>().Where(n => ids.Contains(n.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Notifications whose payload mentions the number (or a name that came with it). The database looks first, for the
    /// number's last digits once number formatting is taken out (every written form has them so); the matcher decides.
    /// A payload is read as JSON: its escaped text (<c>\u002B49…</c>) is found where the raw text may hide it.
    /// </summary>
    private static async Task<List<Notification>> NotificationsMentioningAsync(PersonalDataScope scope, IQueryable<Notification> notifications,
        CancellationToken cancellationToken) =>
        [.. (await notifications.Where(Holding<Notification>(n => n.Payload, scope.Number.Tail)).ToListAsync(cancellationToken))
            .Where(n => Scrubbed(n.Payload, scope.Number) is not null)];

    /// <summary>Queued events whose payload mentions the number; found as notifications are.</summary>
    private static async Task<List<QueuedEvent>> QueuedMentioningAsync(PersonalDataScope scope, IQueryable<QueuedEvent> queued,
        CancellationToken cancellationToken) =>
        [.. (await queued.Where(Holding<QueuedEvent>(e => e.Payload, scope.Number.Tail)).ToListAsync(cancellationToken))
            .Where(e => Scrubbed(e.Payload, scope.Number) is not null)];

    /// <summary>Attempts whose answer (a receiver may echo the payload) mentions the number; found as payloads are.</summary>
    private static async Task<List<Delivery>> AnswersMentioningAsync(PersonalDataScope scope, IQueryable<Delivery> deliveries,
        CancellationToken cancellationToken) =>
        [.. (await deliveries.Where(d => d.Response != null).Where(Holding<Delivery>(d => d.Response!, scope.Number.Tail)).ToListAsync(cancellationToken))
            .Where(d => scope.Number.Mentions(d.Response))];

    /// <summary><c>REPLACE(…(text, ' ', ''), …) LIKE '%tail%'</c>, on SQLite and PostgreSQL alike.</summary>
    private static Expression<Func<T, bool>> Holding<T>(Expression<Func<T, string>> text, string tail)
    {
        Expression stripped = text.Body;
        foreach (var formatting in new[] { " ", "-", "/", ".", "(", ")" })
        {
            stripped = Expression.Call(stripped, typeof(string).GetMethod(nameof(string.Replace), [typeof(string), typeof(string)])!,
                Expression.Constant(formatting), Expression.Constant(""));
        }
        Expression<Func<string>> parameter = () => tail; // a captured value: sent as a query parameter, not pasted into the SQL
        var contains = Expression.Call(stripped, typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!, parameter.Body);
        return Expression.Lambda<Func<T, bool>>(contains, text.Parameters);
    }

    /// <summary>The payload without the number and the names that came with it; null when it has neither.</summary>
    private static string? Scrubbed(string payload, NumberMatcher number)
    {
        if (JsonNode.Parse(payload) is not { } envelope)
        {
            return null;
        }
        var changed = false;
        if (envelope["data"] is JsonObject data)
        {
            foreach (var (numberField, nameField) in NamedNumbers)
            {
                if (data[numberField] is JsonValue value && value.TryGetValue<string>(out var digits) && number.IsNumber(digits) && data[nameField] is not null)
                {
                    data[nameField] = IPersonalData.Erased;
                    changed = true;
                }
            }
        }
        changed |= number.Scrub(envelope);
        return changed ? envelope.ToJsonString(Envelope.Json) : null;
    }
}
