using System.Text.Json.Serialization;

namespace CtiPush.Core;

/// <summary>The three events of the CTI push protocol; the state a call is in is the last of them that counted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallState>))]
public enum CallState
{
    [JsonStringEnumMemberName("newCall")] NewCall,
    [JsonStringEnumMemberName("answer")] Answer,
    [JsonStringEnumMemberName("hangup")] Hangup,
}
