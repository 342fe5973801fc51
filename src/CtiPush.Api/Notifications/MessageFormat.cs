using System.Text.Json.Serialization;

namespace CtiPush.Notifications;

/// <summary>The body a webhook receiver gets: the event as JSON, or a message for Slack's or Teams' incoming webhooks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageFormat>))]
public enum MessageFormat
{
    [JsonStringEnumMemberName("json")] Json,
    [JsonStringEnumMemberName("slack")] Slack,
    [JsonStringEnumMemberName("teams")] Teams,
}
