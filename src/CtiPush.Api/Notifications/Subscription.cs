namespace CtiPush.Notifications;

/// <summary>
/// Someone outside who wants to hear of calls: a webhook receiver (signed JSON, Slack or Teams) or an e-mail inbox,
/// the events it wants, and filters (a queue, a PBX, a PBX name the call rang for).
/// </summary>
public sealed class Subscription
{
    public long Id { get; set; }
    public SubscriptionKind Kind { get; set; }

    /// <summary>The receiver (webhooks); may itself be a secret (Slack's URLs are), so it is never logged.</summary>
    public string? Url { get; set; }

    /// <summary>The recipient (e-mail).</summary>
    public string? Email { get; set; }

    public List<string> Events { get; set; } = [];
    public string? Queue { get; set; }
    public string? Source { get; set; }

    /// <summary>Only calls that rang for (or were answered by) this PBX name: a person's own notifications.</summary>
    public string? User { get; set; }

    public MessageFormat Format { get; set; }

    /// <summary>The signing secret, <c>whsec_</c> + base64: shown once, at creation; never in a view, a log or a delivery.</summary>
    public string Secret { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Why the service turned it off (a <c>410 Gone</c>); null when on or turned off by a person.</summary>
    public string? DisabledReason { get; set; }

    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
