using System.ComponentModel;

namespace CtiPush.Rules;

public sealed record RouteRequest(
    [property: Description("The destination: a number in any format, or a prefix ending in * (41*)")] string? Destination,
    [property: Description("The caller id outbound calls to it get, a number in any format")] string? CallerId,
    [property: Description("1 is checked first; omitted: after the last route")] int? Position = null,
    string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this route applies to; null for all")] string? Source = null);
