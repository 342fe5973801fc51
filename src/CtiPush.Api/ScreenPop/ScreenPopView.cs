using System.ComponentModel;
using CtiPush.Core;

namespace CtiPush.ScreenPop;

/// <summary>What the page pops up for a call: who is calling, how often they called, whether a callback waits for them.</summary>
public sealed record ScreenPopView(
    [property: Description("The call's row id (as in /api/v1/calls/{id})")] long Id,
    string Source,
    string CallId,
    [property: Description("ringing, answered (by a person), voicemail (the mailbox has it), missed, or ended (forwarded, reached on another leg)")] string Status,
    CallState State,
    string? From,
    [property: Description("The caller's number as E.164 digits; null for anonymous")] string? FromNumber,
    string? FromDisplay,
    [property: Description("The caller's name from the phonebook (several contacts: all their names)")] string? Name,
    [property: Description("Their organisation from the phonebook")] string? Organisation,
    long? ContactId,
    string? To,
    string? Queue,
    IReadOnlyList<string> Users,
    [property: Description("Who answered, as the PBX named them")] string? AnsweredBy,
    [property: Description("The display name of the person with that PBX name, if any")] string? AnsweredByName,
    [property: Description("Inbound calls from the number in the 30 days before this one began, this one not counted")] int CallsLast30Days,
    [property: Description("A callback is open for the number")] bool CallbackOpen,
    long? CallbackId,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt);
