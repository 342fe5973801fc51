using System.Text.Json.Serialization;

namespace CtiPush.Rules;

/// <summary>What a blocked caller hears. Stored by its C# name (<c>Busy</c>); the API and the PBX's answer use the wire name.</summary>
public enum BlockReason
{
    [JsonStringEnumMemberName("busy")] Busy,
    [JsonStringEnumMemberName("rejected")] Rejected,
}
