using System.Text.Json.Serialization;

namespace CtiPush.Notifications;

/// <summary>Where a subscription's notifications go: an HTTP receiver, or an e-mail inbox.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubscriptionKind>))]
public enum SubscriptionKind
{
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("email")] Email,
}
