using System.Data.Common;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Callbacks;

/// <summary>
/// Keeps the worklist in step with the calls, inside the transaction that changed them, on whatever instance and in
/// whatever order the events arrive: a missed call joins (or opens) its number's callback; an answered call to or from
/// a number reaches that number's open callback and resolves it; calls ticked done all together resolve it too.
/// </summary>
internal sealed class CallbackWorklist(CallbackObservers observers) : ICallObserver
{
    public const string ReachedBy = "reached by a call";

    /// <summary>
    /// Which numbers the calls may join or reach have an open callback: nearly always none, and then the look-up of the
    /// callbacks themselves is spared. Other calls may join the change (legs of a journey); their numbers are looked up.
    /// Only where it saves a round trip (PostgreSQL): in process (SQLite) the look-up in the change answers it.
    /// </summary>
    public ICallLookAhead? LookAhead(CtiPushDbContext db, IReadOnlyCollection<Call> calls)
    {
        var numbers = calls.Select(NumberToCallBack).OfType<string>().Concat(ReachedNumbers(calls)).Distinct().ToArray();
        if (numbers.Length == 0 || !db.Database.IsNpgsql())
        {
            return null;
        }
        return new OpenNumbers(OpenNumbersCommand(db, OpenNumbersSql, numbers), numbers);
    }

    /// <summary>
    /// Unconcerned by calls none of which is missed or was (they join and leave callbacks), while none of the numbers they
    /// reach has an open callback: asked of the stored state in the writer's round trip. Nearly every answered call.
    /// </summary>
    public ValueTask<Unconcerned?> UnconcernedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls)
    {
        if (calls.Any(c => c.Missed || c.WasMissed))
        {
            return ValueTask.FromResult<Unconcerned?>(null);
        }
        var reached = ReachedNumbers(calls).Distinct().ToArray();
        return ValueTask.FromResult<Unconcerned?>(reached.Length == 0 ? Unconcerned.Always : new(OpenNumbersCommand(db, $"SELECT NOT EXISTS ({OpenNumbersSql})", reached)));
    }

    /// <summary>A statement about the open callbacks of <paramref name="numbers"/> (<see cref="OpenNumbersSql"/>'s parameter).</summary>
    private static DbCommand OpenNumbersCommand(CtiPushDbContext db, string text, string[] numbers)
    {
        var command = ModelRows.NewCommand(db);
        command.CommandText = text;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "numbers";
        parameter.Value = numbers;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// The look-ahead's statement, written out (the table and columns as <see cref="CallbackConfiguration"/> maps them,
    /// its index's filter too): through LINQ, EF Core's query pipeline took 2.8 % of the service's CPU at full load for
    /// this one statement (perf).
    /// </summary>
    internal const string OpenNumbersSql = "SELECT number FROM callbacks WHERE state = 'open' AND number = ANY(@numbers)";

    private sealed class OpenNumbers(DbCommand command, IReadOnlyCollection<string> asked) : ICallLookAhead
    {
        private readonly HashSet<string> open = [];

        public DbCommand Command => command;

        public void Read(DbDataReader row) => open.Add(row.GetString(0));

        /// <summary>Whether the answer says the number had no open callback.</summary>
        public bool HadNone(string number) => !open.Contains(number) && asked.Contains(number);
    }

    /// <summary>
    /// The number a missed call joins a callback of; none for an anonymous caller, nor for an erased one (a late event of
    /// an erased call brings no number back).
    /// </summary>
    private static string? NumberToCallBack(Call call) =>
        call is { Missed: true, FromNumber: { } number } && number != IPersonalData.Erased ? number : null;

    /// <summary>The numbers answered by a person, from or to: whoever was waiting for a call from or to that number is reached.</summary>
    private static IEnumerable<string> ReachedNumbers(IEnumerable<Call> calls) =>
        calls.Where(c => c.AnsweredByPerson).Select(c => c.Direction == CallDirection.Out ? c.ToNumber : c.FromNumber)
            .OfType<string>().Where(number => number != IPersonalData.Erased);

    public async Task CallsChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now, ICallLookAhead? lookedAhead)
    {
        // Only a missed call joins a callback (and no callback opens again): a call missed neither now nor as it was read is
        // in no open callback, so a batch of ringing and answered calls looks up no links.
        var ids = calls.Where(c => c.Missed || c.WasMissed).Select(c => c.Id).ToList();
        var links = ids.Count == 0 ? [] : await db.Set<CallbackCall>().Where(l => ids.Contains(l.CallRowId)).ToListAsync();
        var linked = links.ToDictionary(l => l.CallRowId, l => l.CallbackId);
        var settle = new HashSet<string>();
        var opened = new List<Callback>();

        // No longer missed (a person answered another leg): out of the worklist.
        foreach (var call in calls.Where(c => !c.Missed && linked.ContainsKey(c.Id)))
        {
            var callback = await db.Set<Callback>().Include(c => c.Calls).SingleAsync(c => c.Id == linked[call.Id]);
            if (callback.State == CallbackState.Open)
            {
                callback.Remove(call.Id);
                if (callback.Calls.Count == 0)
                {
                    db.Remove(callback);
                }
            }
        }

        // Missed, from a number to call: join the number's open callback, or open one.
        var missed = calls.Where(c => NumberToCallBack(c) is not null && !linked.ContainsKey(c.Id)).OrderBy(c => c.StartedAt).ToList();
        var reached = ReachedNumbers(calls).ToList();
        // The open callbacks of every number this change touches, in one query instead of one per call; none for a
        // number the look-ahead found without one.
        var open = await OpenByNumberAsync(db, [.. missed.Select(c => c.FromNumber!).Concat(reached).Where(n => lookedAhead is not OpenNumbers known || !known.HadNone(n))]);
        foreach (var call in missed)
        {
            if (!open.TryGetValue(call.FromNumber!, out var callback) || callback.State != CallbackState.Open)
            {
                callback = open[call.FromNumber!] = Callback.Open(call.FromNumber!);
                db.Add(callback);
                opened.Add(callback);
            }
            callback.Add(call);
            settle.Add(call.FromNumber!);
        }

        // Answered by a person: whoever was waiting for a call from or to that number is reached.
        settle.UnionWith(reached);
        var resolved = new List<Callback>();
        foreach (var number in settle)
        {
            if (await SettleAsync(db, open.GetValueOrDefault(number), now) is { } reachedCallback)
            {
                resolved.Add(reachedCallback);
            }
        }

        // Every call of an open callback ticked done by hand: resolved, the same thing seen from the other side.
        foreach (var callbackId in calls.Where(c => c.Done && linked.ContainsKey(c.Id)).Select(c => linked[c.Id]).Distinct())
        {
            var callback = await db.Set<Callback>().Include(c => c.Calls).SingleAsync(c => c.Id == callbackId);
            var callIds = callback.Calls.Select(l => l.CallRowId).ToList();
            if (callback.State == CallbackState.Open && await db.Set<Call>().Where(c => callIds.Contains(c.Id)).AllAsync(c => c.Done))
            {
                callback.Resolve(CallbackOutcome.Reached, "all its calls marked done", now);
                resolved.Add(callback);
            }
        }

        // Opened and emptied again in this change (its only call reached on another leg): it never was, for observers.
        await observers.ChangedAsync(db, [.. opened.Where(c => db.Entry(c).State != EntityState.Deleted)], resolved, now);
    }

    /// <summary>Resolves the number's open callback when a person answered a call to or from it after its first attempt.</summary>
    /// <returns>The callback resolved, if any.</returns>
    private static async Task<Callback?> SettleAsync(CtiPushDbContext db, Callback? callback, DateTimeOffset now)
    {
        if (callback is not { State: CallbackState.Open, Number: var number })
        {
            return null;
        }
        var first = callback.FirstAt;
        var reaching = await db.Set<Call>()
            .Where(c => c.AnsweredAt != null && (c.AnsweredBy == null || c.AnsweredBy.ToLower() != Call.VoicemailUser)
                && c.StartedAt > first
                && ((c.Direction != CallDirection.Out && c.FromNumber == number) || (c.Direction == CallDirection.Out && c.ToNumber == number)))
            .OrderBy(c => c.StartedAt).FirstOrDefaultAsync();
        if (reaching is null)
        {
            return null;
        }
        var by = reaching.AnsweredBy is { } person ? $"reached by {person}'s call" : ReachedBy;
        callback.Resolve(CallbackOutcome.Reached, by, now, reaching.Id);
        await MarkCallsDoneAsync(db, callback, by, now);
        return callback;
    }

    /// <summary>Resolving a callback ticks each of its calls done.</summary>
    public static async Task MarkCallsDoneAsync(CtiPushDbContext db, Callback callback, string by, DateTimeOffset now)
    {
        var ids = callback.Calls.Select(l => l.CallRowId).ToList();
        foreach (var call in await db.Set<Call>().Where(c => ids.Contains(c.Id) && !c.Done).ToListAsync())
        {
            call.MarkDone(true, now, by);
        }
    }

    /// <summary>
    /// The stored open callbacks of <paramref name="numbers"/>, by number; one removed earlier in this change is not
    /// open any more. A dictionary, not <c>DbSet.Local</c>: each look at that detects the changes of every tracked
    /// entity, and a batch looks once per call.
    /// </summary>
    private static async Task<Dictionary<string, Callback>> OpenByNumberAsync(CtiPushDbContext db, List<string> numbers)
    {
        if (numbers.Count == 0)
        {
            return [];
        }
        var distinct = numbers.Distinct().ToList();
        var stored = await db.Set<Callback>().Include(c => c.Calls).Where(c => distinct.Contains(c.Number) && c.State == CallbackState.Open).ToListAsync();
        return stored.Where(c => db.Entry(c).State != EntityState.Deleted).ToDictionary(c => c.Number);
    }
}
