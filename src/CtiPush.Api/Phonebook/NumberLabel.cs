using System.Text.Json.Serialization;
using CtiPush.Core;

namespace CtiPush.Phonebook;

[JsonConverter(typeof(JsonStringEnumConverter<NumberLabel>))]
public enum NumberLabel
{
    [JsonStringEnumMemberName("phone")] Phone,
    [JsonStringEnumMemberName("mobile")] Mobile,
    [JsonStringEnumMemberName("fax")] Fax,
    [JsonStringEnumMemberName("other")] Other,
}
