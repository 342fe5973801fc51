using System.Text.Json.Serialization;

namespace CtiPush.People;

/// <summary>What a person may do. Each role includes the ones below it: an admin can do what an agent can, an agent what a viewer can.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PersonRole>))]
public enum PersonRole
{
    /// <summary>Reads calls, statistics and the wallboard; changes nothing.</summary>
    [JsonStringEnumMemberName("viewer")] Viewer,

    /// <summary>The call log, marking done, the phonebook; reads rules.</summary>
    [JsonStringEnumMemberName("agent")] Agent,

    /// <summary>Everything, including people, PBX settings and rules.</summary>
    [JsonStringEnumMemberName("admin")] Admin,
}
