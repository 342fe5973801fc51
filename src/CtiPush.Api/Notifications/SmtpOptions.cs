namespace CtiPush.Notifications;

/// <summary>Section <c>Smtp</c>: the server e-mail subscriptions send through (MailKit).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>None: e-mail subscriptions cannot be sent (each attempt is recorded as failed, and retried).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }

    /// <summary><c>auto</c> (STARTTLS when the server offers it), <c>starttls</c> (required), <c>tls</c> (TLS from the start, port 465), <c>none</c>.</summary>
    public string Security { get; set; } = "auto";
}
