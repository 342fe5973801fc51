using System.Text.Json.Serialization;

namespace CtiPush.Core;

[JsonConverter(typeof(JsonStringEnumConverter<CallDirection>))]
public enum CallDirection
{
    [JsonStringEnumMemberName("in")] In,
    [JsonStringEnumMemberName("out")] Out,
}
