using System.ComponentModel;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Phonebook;

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
    string? Cause,
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
    [property: Description("Inbound, ended, and no person answered (the mailbox is no person); decided once, on the server")] bool Missed)
{
    /// <summary>The call with the names the phonebook has now for its numbers (<see cref="ContactNames"/>).</summary>
    public static CallView Of(Call c, IReadOnlyDictionary<string, string> names) => new(
        c.Id, c.Source, c.CallId, c.Direction, c.State,
        c.From, c.To, c.FromNumber, c.ToNumber, PhoneNumberNormalizer.Display(c.FromNumber), PhoneNumberNormalizer.Display(c.ToNumber),
        NameOf(c.FromNumber, names), NameOf(c.ToNumber, names), c.Queue, c.Users, c.AnsweredBy, c.AnsweringNumber, c.Cause,
        c.Decision.Action, c.Decision.Reason, c.Decision.CallerId, c.Decision.Rule,
        c.StartedAt, c.AnsweredAt, c.EndedAt, c.WaitingSeconds, c.TalkingSeconds, c.Done, c.Missed);

    private static string? NameOf(string? number, IReadOnlyDictionary<string, string> names) =>
        number is not null && names.TryGetValue(number, out var name) ? name : null;

    /// <summary>Views of <paramref name="calls"/>, named with one look-up in the phonebook.</summary>
    public static async Task<CallView[]> OfAsync(IReadOnlyCollection<Call> calls, CtiPushDbContext db, CancellationToken cancellationToken)
    {
        var names = await db.ForNumbersAsync(calls.SelectMany(c => (string?[])[c.FromNumber, c.ToNumber]), cancellationToken);
        return [.. calls.Select(c => Of(c, names))];
    }
}
