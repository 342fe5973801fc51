using CtiPush.People;
using CtiPush.Data;
using CtiPush.Push;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.Rules;

/// <summary>
/// What every rule handler needs, and the checks the rules' requests share. Each is marked a service, so the
/// endpoint validation (which looks into an <c>[AsParameters]</c> type) leaves them alone.
/// </summary>
public sealed record RuleServices(
    [FromServices] CtiPushDbContext Db,
    [FromServices] RuleBook Rules,
    [FromServices] NumberPattern Patterns,
    [FromServices] PbxTokens Pbxs,
    [FromServices] TimeProvider Time,
    [FromServices] AuditLog Audit)
{
    /// <summary>A caller id as the rules keep it (E.164 digits); null when <paramref name="text"/> is not one number.</summary>
    public string? CallerIdOf(string? text) => Patterns.Parse(text) is { } callerId && !callerId.EndsWith(NumberPattern.Wildcard) ? callerId : null;

    internal void CheckCallerId(string? text, Dictionary<string, string[]> errors)
    {
        if (CallerIdOf(text) is null)
        {
            errors["callerId"] = ["must be a phone number."];
        }
    }

    /// <summary>The one PBX a rule applies to must be configured; null applies to all.</summary>
    internal void CheckSource(string? source, Dictionary<string, string[]> errors)
    {
        if (source is not null && !Pbxs.Sources.Contains(source))
        {
            errors["source"] = [$"must be the name of a configured PBX ({string.Join(", ", Pbxs.Sources)}) or null."];
        }
    }
}
