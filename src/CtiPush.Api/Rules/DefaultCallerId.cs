using System.ComponentModel;

namespace CtiPush.Rules;

public sealed record DefaultCallerId([property: Description("Caller id for outbound calls no route matches; null: none")] string? CallerId)
{
    /// <summary>What the annotations cannot check: a caller id, if given, is a number. Empty when the request is good.</summary>
    public Dictionary<string, string[]> Validate(RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        if (CallerId is not null)
        {
            s.CheckCallerId(CallerId, errors);
        }
        return errors;
    }
}
