using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CtiPush.Core;

namespace CtiPush.Rules;

public sealed record EvaluateRequest(
    [property: Description("in or out"), Required(ErrorMessage = "is required: in or out."), WireName<CallDirection>(Lenient = true)] string? Direction,
    string? From,
    string? To,
    [property: Description("The PBX the call would come from; omitted: only rules for all PBXs apply")] string? Source = null)
{
    /// <summary>What the annotations cannot check: a configured PBX. Empty when the request is good.</summary>
    public Dictionary<string, string[]> Validate(RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        s.CheckSource(Source, errors);
        return errors;
    }
}
