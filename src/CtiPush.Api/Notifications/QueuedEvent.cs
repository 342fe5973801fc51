namespace CtiPush.Notifications;

/// <summary>
/// An event as the push path writes it, once, in the PBX's transaction, with the subscriptions that wanted it then;
/// the delivery worker fans it out into one <see cref="Notification"/> per subscription (<see cref="OutboxRows.FanOutAsync"/>)
/// and deletes it. One narrow row per event in the PBX's commit instead of one row per receiver, each with the
/// outbox's five indexes: the group commit's extra work no longer grows with the subscriptions.
/// </summary>
public sealed class QueuedEvent
{
    public long Id { get; set; }

    /// <summary>As the notifications will have it; a second write of it while it waits does nothing.</summary>
    public string EventId { get; set; } = "";

    public string Event { get; set; } = "";
    /// <summary><c>call:42</c>: a call's notifications go out in id order.</summary>
    public string OrderKey { get; set; } = "";
    public string Payload { get; set; } = "";

    /// <summary>The subscriptions that wanted it when it happened, comma-separated ids.</summary>
    public string SubscriptionIds { get; set; } = "";

    /// <summary>The subscriptions of <see cref="SubscriptionIds"/>, one notification each.</summary>
    public IEnumerable<long> Subscriptions() =>
        SubscriptionIds.Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));

    public DateTimeOffset CreatedAt { get; set; }
}
