using System.Text.Json.Serialization;

namespace CtiPush.Core;

/// <summary>
/// Why a call ended, in one vocabulary whatever the PBX wrote (<see cref="HangupCauses"/>): the protocol's seven
/// causes, the service's own <c>timeout</c>, a caller the PBX <c>blocked</c>, and <c>other</c> for the rest.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<HangupCause>))]
public enum HangupCause
{
    [JsonStringEnumMemberName("normalClearing")] NormalClearing,
    [JsonStringEnumMemberName("busy")] Busy,
    [JsonStringEnumMemberName("cancel")] Cancel,
    [JsonStringEnumMemberName("noAnswer")] NoAnswer,
    [JsonStringEnumMemberName("congestion")] Congestion,
    [JsonStringEnumMemberName("notFound")] NotFound,
    [JsonStringEnumMemberName("forwarded")] Forwarded,
    [JsonStringEnumMemberName("timeout")] Timeout,
    [JsonStringEnumMemberName("blocked")] Blocked,
    [JsonStringEnumMemberName("other")] Other,
}
