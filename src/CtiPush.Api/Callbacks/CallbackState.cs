using System.Text.Json.Serialization;

namespace CtiPush.Callbacks;

[JsonConverter(typeof(JsonStringEnumConverter<CallbackState>))]
public enum CallbackState
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("resolved")] Resolved,
}
