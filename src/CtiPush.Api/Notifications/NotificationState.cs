using System.Text.Json.Serialization;

namespace CtiPush.Notifications;

/// <summary>Where a notification is: still to be sent (first try or a retry), delivered, or given up.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationState>))]
public enum NotificationState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("delivered")] Delivered,
    [JsonStringEnumMemberName("failed")] Failed,
}
