using System.Text.Json.Serialization;

namespace CtiPush.Callbacks;

/// <summary>How a call back ended; <see cref="NoAnswer"/> is an attempt that keeps the callback open.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallbackOutcome>))]
public enum CallbackOutcome
{
    [JsonStringEnumMemberName("reached")] Reached,
    [JsonStringEnumMemberName("leftMessage")] LeftMessage,
    [JsonStringEnumMemberName("noAnswer")] NoAnswer,
    [JsonStringEnumMemberName("wrongNumber")] WrongNumber,
    [JsonStringEnumMemberName("notNeeded")] NotNeeded,
}
