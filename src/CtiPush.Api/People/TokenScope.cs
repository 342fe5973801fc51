using System.Text.Json.Serialization;

namespace CtiPush.People;

[JsonConverter(typeof(JsonStringEnumConverter<TokenScope>))]
public enum TokenScope
{
    /// <summary>Acts as a viewer, whatever the owner's role.</summary>
    [JsonStringEnumMemberName("read")] Read,

    /// <summary>Acts with the owner's role.</summary>
    [JsonStringEnumMemberName("full")] Full,
}
