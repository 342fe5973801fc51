using CtiPush.Data;

namespace CtiPush.Notifications;

/// <summary>Adds notifications to the change's own context, so they commit with it or not at all.</summary>
public static class Outbox
{
    /// <summary>One row per subscription that wants the event; the payload is rendered once, as things are now.</summary>
    public static void Add(CtiPushDbContext db, IEnumerable<Subscription> subscriptions, string eventId, string type, string? orderKey, object data, DateTimeOffset now)
    {
        string? payload = null;
        foreach (var subscription in subscriptions)
        {
            payload ??= new Envelope(eventId, type, now, data).Serialize();
            db.Add(new Notification
            {
                SubscriptionId = subscription.Id,
                EventId = eventId,
                Event = type,
                OrderKey = orderKey,
                Payload = payload,
                State = NotificationState.Pending,
                NextAttemptAt = now,
                RetryingSince = now,
                CreatedAt = now,
            });
        }
    }
}
