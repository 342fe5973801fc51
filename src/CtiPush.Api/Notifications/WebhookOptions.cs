namespace CtiPush.Notifications;

/// <summary>Section <c>Webhooks</c>: how notifications are sent.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Let receivers on loopback, link-local and private addresses in (off: server-side request forgery).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>A receiver (or an SMTP server) that has not answered in full by then is cut off, and tried again later.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>The first retry comes after about this long (with jitter); each further one waits twice as long, at most an hour.</summary>
    public double FirstRetrySeconds { get; set; } = 20;

    /// <summary>A notification still failing this long after it was written is given up.</summary>
    public double GiveUpAfterHours { get; set; } = 24;

    /// <summary>The worker looks for due notifications this often even when no change woke it (retries, other instances).</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>Delivered and given-up notifications, with their attempts, are deleted this many days after they were written.</summary>
    public int RetentionDays { get; set; } = 30;
}
