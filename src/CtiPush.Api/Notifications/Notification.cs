namespace CtiPush.Notifications;

/// <summary>
/// One event for one subscription, in the outbox: written in the transaction of the change that caused it, sent by
/// <see cref="DeliveryWorker"/>. Events with the same <see cref="OrderKey"/> (one call, one callback) go out in id order.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }

    /// <summary>Stable across retries and instances (<c>evt_call_42_missed</c>): receivers drop repeats by it.</summary>
    public string EventId { get; set; } = "";

    public string Event { get; set; } = "";

    /// <summary><c>call:42</c>, <c>callback:7</c>; null for a test event, which waits for nothing.</summary>
    public string? OrderKey { get; set; }

    /// <summary>
    /// The event's JSON (<see cref="Envelope"/>), as it was when the change happened; a call's names and legs are put
    /// on when it is sent (<see cref="CallPayloads"/>).
    /// </summary>
    public string Payload { get; set; } = "";

    public NotificationState State { get; set; }
    public int Attempts { get; set; }

    /// <summary>When it is due: now, the next retry, or (while an instance sends it) the end of that instance's lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Retries stop this long (<c>Webhooks:GiveUpAfterHours</c>) after this: its creation, or a retry by hand.</summary>
    public DateTimeOffset RetryingSince { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
