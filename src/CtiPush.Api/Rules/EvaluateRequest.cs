using System.ComponentModel;

namespace CtiPush.Rules;

public sealed record EvaluateRequest(
    [property: Description("in or out")] string? Direction,
    string? From,
    string? To,
    [property: Description("The PBX the call would come from; omitted: only rules for all PBXs apply")] string? Source = null);
