using System.ComponentModel;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>A call as the admin API and the page show it.</summary>
public sealed record CallView(
    long Id,
    string Source,
    string CallId,
    CallDirection? Direction,
    CallState State,
    string? From,
    string? To,
    string? FromNumber,
    string? ToNumber,
    string? FromDisplay,
    string? ToDisplay,
    string? FromName,
    string? ToName,
    string? Queue,
    IReadOnlyList<string> Users,
    string? AnsweredBy,
    string? AnsweringNumber,
    [property: Description("The hangup's cause as the PBX sent it")] string? Cause,
    [property: Description("The cause in one vocabulary, whatever the PBX's spelling: normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded, timeout, blocked or other")] HangupCause? NormalizedCause,
    string? Action,
    string? Reason,
    string? CallerId,
    string? DecidedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    int? WaitingSeconds,
    int? TalkingSeconds,
    bool Done,
    [property: Description("Inbound, ended, no person answered on any leg (the mailbox is no person), not blocked; decided once, on the server")] bool Missed,
    [property: Description("The rules rejected the caller")] bool Blocked,
    [property: Description("Ids of the other legs of this call (a transfer, sipgate's origCallId)")] IReadOnlyList<long> Legs)
{
    /// <summary>The call with the names the phonebook has now for its numbers (<see cref="ContactNames"/>).</summary>
    public static CallView Of(Call c, IReadOnlyDictionary<string, string> names, IReadOnlyList<long>? legs = null) => Bare(c) with
    {
        FromDisplay = PhoneNumberNormalizer.Display(c.FromNumber),
        ToDisplay = PhoneNumberNormalizer.Display(c.ToNumber),
        FromName = NameOf(c.FromNumber, names),
        ToName = NameOf(c.ToNumber, names),
        Legs = legs ?? [],
    };

    /// <summary>
    /// The call as it is stored, without what is looked up or formatted for reading (names, numbers as displayed, other
    /// legs): for a copy that is completed later, off the path that wrote the call (a notification, at sending).
    /// </summary>
    public static CallView Bare(Call c) => new(
        c.Id, c.Source, c.CallId, c.Direction, c.State,
        c.From, c.To, c.FromNumber, c.ToNumber, null, null, null, null, c.Queue, c.Users, c.AnsweredBy, c.AnsweringNumber, c.Cause, c.NormalizedCause,
        c.Decision.Action, c.Decision.Reason, c.Decision.CallerId, c.Decision.Rule,
        c.StartedAt, c.AnsweredAt, c.EndedAt, c.WaitingSeconds, c.TalkingSeconds, c.Done, c.Missed, c.Blocked, []);

    /// <summary>The phonebook's name for <paramref name="number"/> among <paramref name="names"/> (<see cref="ContactNames"/>), if any.</summary>
    internal static string? NameOf(string? number, IReadOnlyDictionary<string, string> names) =>
        number is not null && names.TryGetValue(number, out var name) ? name : null;

    /// <summary>Views of <paramref name="calls"/>, named with one look-up in the phonebook.</summary>
    public static async Task<CallView[]> OfAsync(IReadOnlyCollection<Call> calls, CtiPushDbContext db, CancellationToken cancellationToken)
    {
        var names = await db.ForNumbersAsync(calls.SelectMany(c => (string?[])[c.FromNumber, c.ToNumber]), cancellationToken);
        var journeys = calls.Select(c => c.JourneyId).OfType<long>().Distinct().ToList();
        var legs = journeys.Count == 0 ? [] : await db.Set<Call>().AsNoTracking().Where(c => c.JourneyId != null && journeys.Contains(c.JourneyId.Value))
            .Select(c => new { c.Id, Journey = c.JourneyId!.Value }).ToListAsync(cancellationToken);
        return [.. calls.Select(c => Of(c, names, [.. legs.Where(l => l.Journey == c.JourneyId && l.Id != c.Id).Select(l => l.Id).Order()]))];
    }
}
