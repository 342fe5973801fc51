using CtiPush.People;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Push;

namespace CtiPush.Rules;

/// <summary>What every rule handler needs.</summary>
public sealed record RuleServices(CtiPushDbContext Db, RuleBook Rules, NumberPattern Patterns, PbxTokens Pbxs, TimeProvider Time, AuditLog Audit)
{
    internal string? CallerIdOf(string? text, Dictionary<string, string[]> errors)
    {
        var callerId = Patterns.Parse(text);
        if (callerId is null || callerId.EndsWith(NumberPattern.Wildcard))
        {
            errors["callerId"] = ["must be a phone number."];
            return null;
        }
        return callerId;
    }

    internal void CheckCommon(string? note, string? source, Dictionary<string, string[]> errors)
    {
        TextField.Check("note", note, RuleLimits.NoteLength, errors, multiline: true);
        if (source is not null && !Pbxs.Sources.Contains(source))
        {
            errors["source"] = [$"must be the name of a configured PBX ({string.Join(", ", Pbxs.Sources)}) or null."];
        }
    }
}
