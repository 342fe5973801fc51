using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CtiPush.Infrastructure;

namespace CtiPush.Rules;

public sealed record RouteRequest(
    [property: Description("The destination: a number in any format, or a prefix ending in * (41*)")] string? Destination,
    [property: Description("The caller id outbound calls to it get, a number in any format")] string? CallerId,
    [property: Description("1 is checked first; omitted: after the last route"), Range(1, int.MaxValue, ErrorMessage = "must be 1 or more.")] int? Position = null,
    [property: Text(RuleLimits.NoteLength, Multiline = true)] string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this route applies to; null for all")] string? Source = null)
{
    /// <summary>What the annotations cannot check: a destination and a caller id that are numbers, and a configured PBX. Empty when the request is good.</summary>
    public Dictionary<string, string[]> Validate(RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        if (s.Patterns.Parse(Destination) is null)
        {
            errors["destination"] = ["must be a phone number or a prefix ending in * (41*)."];
        }
        s.CheckCallerId(CallerId, errors);
        s.CheckSource(Source, errors);
        return errors;
    }
}
