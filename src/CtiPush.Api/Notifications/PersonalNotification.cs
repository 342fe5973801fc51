using System.Text.Json;

namespace CtiPush.Notifications;

/// <summary>A notification about a number, as the privacy export lists it: what was (or is to be) sent, and every attempt.</summary>
public sealed record PersonalNotification(
    string EventId,
    string Event,
    long SubscriptionId,
    NotificationState State,
    DateTimeOffset CreatedAt,
    JsonElement Payload,
    IReadOnlyList<DeliveryView> Deliveries);
