using System.ComponentModel;
using CtiPush.Push;

namespace CtiPush.Rules;

public sealed record BlockedNumberRequest(
    [property: Description("The caller to block, in any format (+49 171 5000000, 01715000000, 491715000000), a prefix ending in * (49900*), or anonymous; or null with contactId")] string? Number,
    [property: Description("busy (default) or rejected")] string? Reason = null,
    string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this entry applies to; null for all")] string? Source = null,
    [property: Description("Instead of a number: block every number of this contact, as the phonebook has them now")] long? ContactId = null);

public sealed record BlockedNumberView(
    long Id, string? Number, string Pattern, long? ContactId, string Reason, string? Note, bool Enabled, string? Source, DateTimeOffset UpdatedAt)
{
    public static BlockedNumberView Of(BlockedNumber entry) => new(entry.Id, entry.ContactId is null ? entry.Number : null, entry.Pattern,
        entry.ContactId, entry.Reason == BlockReason.Rejected ? "rejected" : "busy", entry.Note, entry.Enabled, entry.Source, entry.UpdatedAt);
}

public sealed record RouteRequest(
    [property: Description("The destination: a number in any format, or a prefix ending in * (41*)")] string? Destination,
    [property: Description("The caller id outbound calls to it get, a number in any format")] string? CallerId,
    [property: Description("1 is checked first; omitted: after the last route")] int? Position = null,
    string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this route applies to; null for all")] string? Source = null);

public sealed record RouteView(long Id, string Destination, string Pattern, string CallerId, int Position, string? Note, bool Enabled, string? Source, DateTimeOffset UpdatedAt)
{
    public static RouteView Of(CallerIdRoute route) => new(route.Id, route.Destination, route.Pattern, route.CallerId,
        route.Position, route.Note, route.Enabled, route.Source, route.UpdatedAt);
}

public sealed record DefaultCallerId([property: Description("Caller id for outbound calls no route matches; null: none")] string? CallerId);

public sealed record EvaluateRequest(
    [property: Description("in or out")] string? Direction,
    string? From,
    string? To,
    [property: Description("The PBX the call would come from; omitted: only rules for all PBXs apply")] string? Source = null);

public sealed record Evaluation(
    [property: Description("The JSON body the PBX would get")] PushAnswer Answer,
    [property: Description("The rule that decided, or null when none applied")] string? DecidedBy,
    [property: Description("from as the rules compare it (E.164 digits), or null when it is not a number")] string? FromNumber,
    [property: Description("to as the rules compare it")] string? ToNumber);
