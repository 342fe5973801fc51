using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using Microsoft.AspNetCore.WebUtilities;
using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>The filters of the call log, shared by the list, the export and the page.</summary>
public sealed record CallQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [Description("in or out"), WireName<CallDirection>] public string? Direction { get; init; }
    [Description("newCall, answer or hangup"), WireName<CallState>] public string? State { get; init; }
    [Description("false: the missed calls not yet called back")] public bool? Done { get; init; }
    [Description("The PBX's name"), Text(CallLimits.CallIdLength)] public string? Source { get; init; }
    [Text(CallLimits.CallIdLength)] public string? Queue { get; init; }
    [Text(CallLimits.CallIdLength)] public string? CallId { get; init; }
    [Description("Matches from or to, written in any format"), Text(CallLimits.CallIdLength)] public string? Number { get; init; }
    [Description("Answered by, or one of the users of, the call"), Text(CallLimits.CallIdLength)] public string? User { get; init; }
    [Description("true: only calls that rang for, or were answered by, one of your PBX names")] public bool? Mine { get; init; }
    [Description("Calls that started at or after this time")] public DateTimeOffset? Since { get; init; }
    [Description("Calls that started before this time")] public DateTimeOffset? Until { get; init; }
    [Description("Calls per page, 1 to 500 (50)"), Range(1, MaxLimit, ErrorMessage = "must be from 1 to {2}.")] public int? Limit { get; init; }
    [Description("The next value of the previous page")] public string? Cursor { get; init; }

    /// <summary>What the annotations cannot check: a cursor this service gave. Empty when the filters are good.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Cursor is not null && DecodeCursor(Cursor) is null)
        {
            errors["cursor"] = ["is not a cursor this service gave."];
        }
        return errors;
    }

    /// <summary>The filtered calls, newest first (start time, then id, so the order is total and pages are stable).</summary>
    /// <param name="myPbxNames">the signed-in person's PBX names, upper-cased, when <see cref="Mine"/> asks for them</param>
    public IQueryable<Call> Apply(IQueryable<Call> calls, PhoneNumberNormalizer numbers, IReadOnlyCollection<string>? myPbxNames = null)
    {
        if (Mine == true)
        {
            var mine = myPbxNames ?? [];
            calls = calls.Where(c => c.Users.Any(u => mine.Contains(u.ToUpper()))
                || (c.AnsweredBy != null && mine.Contains(c.AnsweredBy.ToUpper()))
                || (c.AnsweringNumber != null && mine.Contains(c.AnsweringNumber.ToUpper())));
        }
        if (WireName<CallDirection>.Parse(Direction) is { } direction)
        {
            calls = calls.Where(c => c.Direction == direction);
        }
        if (WireName<CallState>.Parse(State) is { } state)
        {
            calls = calls.Where(c => c.State == state);
        }
        if (Done is { } done)
        {
            calls = calls.Where(c => c.Done == done);
        }
        if (Source is not null)
        {
            calls = calls.Where(c => c.Source == Source);
        }
        if (Queue is not null)
        {
            calls = calls.Where(c => c.Queue == Queue);
        }
        if (CallId is not null)
        {
            calls = calls.Where(c => c.CallId == CallId);
        }
        if (Number is not null)
        {
            var digits = numbers.Normalize(Number)?.Digits;
            calls = digits is not null
                ? calls.Where(c => c.FromNumber == digits || c.ToNumber == digits)
                : calls.Where(c => c.From == Number || c.To == Number); // anonymous and other non-numbers, as sent
        }
        if (User is not null)
        {
            calls = calls.Where(c => c.AnsweredBy == User || c.Users.Contains(User));
        }
        if (Since?.ToUniversalTime() is { } since)
        {
            calls = calls.Where(c => c.StartedAt >= since);
        }
        if (Until?.ToUniversalTime() is { } until)
        {
            calls = calls.Where(c => c.StartedAt < until);
        }
        if (Cursor is not null && DecodeCursor(Cursor) is var (startedAt, id))
        {
            calls = calls.Where(c => c.StartedAt < startedAt || (c.StartedAt == startedAt && c.Id < id));
        }
        return calls.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id);
    }

    public static string EncodeCursor(Call last) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{last.StartedAt.UtcTicks}:{last.Id}"));

    private static (DateTimeOffset StartedAt, long Id)? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
