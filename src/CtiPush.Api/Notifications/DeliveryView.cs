namespace CtiPush.Notifications;

/// <summary>One attempt, and where its notification is now (pending, delivered, failed).</summary>
public sealed record DeliveryView(
    long Id,
    string EventId,
    string Event,
    int Attempt,
    int? Status,
    string? Error,
    DateTimeOffset At,
    long LatencyMs,
    string? Response,
    NotificationState State);
