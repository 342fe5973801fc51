namespace CtiPush.Notifications;

/// <summary>One attempt to send a notification, as the receiver answered it (or did not).</summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    public long NotificationId { get; set; }
    public string EventId { get; set; } = "";
    public string Event { get; set; } = "";
    public int Attempt { get; set; }

    /// <summary>The receiver's HTTP status (SMTP reply code for e-mail); null when none came (timeout, refused, no route).</summary>
    public int? Status { get; set; }

    /// <summary>What went wrong without a status, or the refusal of an address; never a secret or the URL.</summary>
    public string? Error { get; set; }

    public DateTimeOffset At { get; set; }
    public long LatencyMs { get; set; }

    /// <summary>The first 1 KiB of the answer, as text.</summary>
    public string? Response { get; set; }

    public bool Succeeded => Status is >= 200 and < 300;
}
