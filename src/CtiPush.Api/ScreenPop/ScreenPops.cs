using System.Linq.Expressions;
using CtiPush.Callbacks;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.People;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.ScreenPop;

/// <summary>Whose screen a call pops up on, and what the pop says.</summary>
public static class ScreenPops
{
    /// <summary>How far back the calls of a caller are counted.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(30);

    /// <summary>
    /// The calls that pop up for a person, in SQL: inbound, not rejected by the rules, and ringing for one of their PBX
    /// names — or any, if they chose all calls. Both are read at each look, so a change of either applies at once.
    /// </summary>
    public static Expression<Func<Call, bool>> For(CtiPushDbContext db, long personId) => c =>
        c.Direction == CallDirection.In
        && c.Decision.Action != CallDecision.RejectAction
        && (db.Set<ScreenPopSetting>().Any(s => s.PersonId == personId && s.AllCalls)
            || c.Users.Any(u => db.Set<PbxName>().Any(n => n.PersonId == personId && n.Normalized == u.ToUpper())));

    /// <summary>The pops of <paramref name="calls"/>: one look-up in the phonebook, and per caller their calls and callback.</summary>
    public static async Task<List<ScreenPopView>> OfAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, CancellationToken cancellationToken)
    {
        var cards = await db.CardsForNumbersAsync(calls.Select(c => c.FromNumber), cancellationToken);
        var numbers = calls.Select(c => c.FromNumber).OfType<string>().Distinct().ToList();
        var callbacks = numbers.Count == 0 ? [] : await db.Set<Callback>().AsNoTracking()
            .Where(b => b.State == CallbackState.Open && numbers.Contains(b.Number))
            .ToDictionaryAsync(b => b.Number, b => b.Id, cancellationToken);
        var answerers = calls.Select(c => c.AnsweredBy).OfType<string>().Select(PbxName.Normalize).Distinct().ToList();
        var people = answerers.Count == 0 ? [] : await db.Set<PbxName>().AsNoTracking()
            .Where(n => answerers.Contains(n.Normalized))
            .Join(db.Set<Person>(), n => n.PersonId, p => p.Id, (n, p) => new { n.Normalized, p.DisplayName })
            .ToDictionaryAsync(n => n.Normalized, n => n.DisplayName, cancellationToken);

        var pops = new List<ScreenPopView>(calls.Count);
        foreach (var call in calls)
        {
            var card = call.FromNumber is { } number ? cards.GetValueOrDefault(number) : null;
            long? callback = call.FromNumber is { } open && callbacks.TryGetValue(open, out var id) ? id : null;
            pops.Add(new ScreenPopView(
                call.Id, call.Source, call.CallId, StatusOf(call), call.State,
                call.From, call.FromNumber, PhoneNumberNormalizer.Display(call.FromNumber), card?.Name, card?.Organisation, card?.ContactId,
                call.To, call.Queue, call.Users,
                call.AnsweredBy, call.AnsweredBy is { } by ? people.GetValueOrDefault(PbxName.Normalize(by)) : null,
                await EarlierCallsAsync(db, call, cancellationToken), callback is not null, callback,
                call.StartedAt, call.AnsweredAt, call.EndedAt));
        }
        return pops;
    }

    /// <summary>What the notice says about the call now.</summary>
    private static string StatusOf(Call call) => call switch
    {
        { State: CallState.NewCall } => "ringing",
        { Missed: true } => "missed",
        { AnsweredByPerson: true } => "answered",
        { AnsweredAt: not null, State: CallState.Answer } => "voicemail",
        _ => "ended",
    };

    /// <summary>Inbound calls from the caller in the 30 days before this call began; neither this call nor another leg of it.</summary>
    private static async Task<int> EarlierCallsAsync(CtiPushDbContext db, Call call, CancellationToken cancellationToken)
    {
        if (call.FromNumber is not { } number)
        {
            return 0; // anonymous: no one to count
        }
        var (began, since, id, journey) = (call.StartedAt, call.StartedAt - History, call.Id, call.JourneyId);
        return await db.Set<Call>().AsNoTracking()
            .Where(c => c.FromNumber == number && c.Direction == CallDirection.In && c.StartedAt >= since
                && (c.StartedAt < began || (c.StartedAt == began && c.Id < id))
                && (journey == null || c.JourneyId == null || c.JourneyId != journey))
            .CountAsync(cancellationToken);
    }
}
