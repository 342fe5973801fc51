using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Statistics;

/// <summary>
/// Settled days summed up once, so that a year of figures reads a few thousand sums, not a million calls. A local day
/// is summed up when first asked for (or by <see cref="DaySummaryJob"/>) once it ended <see cref="SettledAfter"/> ago
/// by the database's clock. The database keeps the sums true by itself: a trigger on <c>calls</c> removes a day's
/// summary when one of its calls changes, arrives late or is deleted (retention, a PBX's late event, a hand-made fix),
/// for any call that started more than a day ago; the next request reads that day from the calls and sums it up again.
/// A summary being made and such a change wait for each other (an advisory lock on PostgreSQL, the single writer on
/// SQLite), so a summary never misses a change. Days are summed up under a fingerprint of the time zone and business
/// hours; changing either makes them again.
/// </summary>
public sealed class DaySummaries(CtiPushDbContext db)
{
    /// <summary>How long after its end a day is summed up. The trigger looks at calls that started over 25 hours ago: the hour between covers a writer's transaction that began before.</summary>
    public static readonly TimeSpan SettledAfter = TimeSpan.FromHours(26);

    /// <summary>The advisory lock a summary being made holds alone and the trigger shares (PostgreSQL); "CTISTAT".</summary>
    public const long LockKey = 0x43_54_49_53_54_41_54;

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>Part of every fingerprint: raise it when <see cref="TeamStatisticsReader"/>'s definitions change.</summary>
    private const string DefinitionsVersion = "figures-1";

    /// <summary>A local day: days since 1970 and its bounds in UTC.</summary>
    public sealed record Day(int LocalDay, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>Calls of a day that count alike in every unit, as the database groups them (see <see cref="TeamStatisticsReader"/>).</summary>
    public sealed record CallGroup(int LocalDay, string? Queue, string? AnsweredBy, bool Inside, int JourneyKind, int AgentKind,
        long? WaitingSeconds, long Calls, long InboundTalkingSeconds, long TalkingSeconds);

    /// <summary>The sums found for a period, and the parts of it still to be read from the calls.</summary>
    public sealed record Found(IReadOnlyList<(int LocalDay, DaySummaryRow Row)> Rows, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Live);

    public delegate Task<List<CallGroup>> SumCalls(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// The sums of <paramref name="unit"/> (with the queue and agents asked for) of every settled day inside
    /// [<paramref name="start"/>, <paramref name="end"/>), summing up first what is not yet; and what is left to read
    /// from the calls: the edges, the days not settled yet, and a day whose summary a change removed meanwhile.
    /// </summary>
    public async Task<Found> ReadAsync(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, BusinessHours hours,
        string unit, string? queue, IReadOnlyList<string>? agents, SumCalls sum, CancellationToken cancellationToken)
    {
        var days = SettledDays(start, end, zone, await DatabaseNowAsync(cancellationToken) - SettledAfter);
        if (days.Count == 0)
        {
            return new Found([], [(start, end)]);
        }
        var fingerprint = Fingerprint(zone, hours);
        await SumUpAsync(days, fingerprint, sum, cancellationToken);

        // The days and their rows in one query: a summary removed after it, is read from the calls.
        var (first, last) = (days[0].LocalDay, days[^1].LocalDay);
        var rows = db.Set<DaySummaryRow>().AsNoTracking().Where(r => r.Unit == unit);
        if (queue is not null)
        {
            rows = rows.Where(r => r.Queue == queue);
        }
        if (agents is not null)
        {
            rows = rows.Where(r => r.Agent != null && agents.Contains(r.Agent.ToUpper()));
        }
        var found = await (
            from d in db.Set<DaySummary>().AsNoTracking()
            where d.Fingerprint == fingerprint && d.LocalDay >= first && d.LocalDay <= last
            join r in rows on d.Id equals r.DaySummaryId into dayRows
            from r in dayRows.DefaultIfEmpty()
            select new { d.LocalDay, Row = r }).ToListAsync(cancellationToken);

        var summed = found.Select(f => f.LocalDay).ToHashSet();
        var live = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var from = start;
        foreach (var day in days.Where(d => summed.Contains(d.LocalDay)))
        {
            if (day.StartsAt > from)
            {
                live.Add((from, day.StartsAt));
            }
            from = day.EndsAt;
        }
        if (from < end)
        {
            live.Add((from, end));
        }
        return new Found([.. found.Where(f => f.Row is not null).Select(f => (f.LocalDay, f.Row!))], live);
    }

    /// <summary>Sums up every settled day of [<paramref name="start"/>, <paramref name="end"/>) not summed up yet; returns how many it did.</summary>
    public async Task<int> SumUpAsync(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, BusinessHours hours, SumCalls sum,
        CancellationToken cancellationToken)
    {
        var days = SettledDays(start, end, zone, await DatabaseNowAsync(cancellationToken) - SettledAfter);
        return days.Count == 0 ? 0 : await SumUpAsync(days, Fingerprint(zone, hours), sum, cancellationToken);
    }

    private async Task<int> SumUpAsync(IReadOnlyList<Day> days, string fingerprint, SumCalls sum, CancellationToken cancellationToken)
    {
        var made = 0;
        // A month a transaction on PostgreSQL (a week on SQLite, whose single writer the PBX's events wait for meanwhile).
        var runLength = db.Database.IsNpgsql() ? 31 : 7;
        foreach (var run in (await MissingAsync(days, fingerprint, cancellationToken)).Chunk(runLength))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey], cancellationToken);
            }
            var todo = await MissingAsync(run, fingerprint, cancellationToken); // another instance may have made some meanwhile
            if (todo.Count == 0)
            {
                continue;
            }
            await db.Set<DaySummary>().Where(d => d.Fingerprint != fingerprint).ExecuteDeleteAsync(cancellationToken); // made under other settings
            var groups = await sum(todo[0].StartsAt, todo[^1].EndsAt, cancellationToken);
            var summaries = todo.ToDictionary(d => d.LocalDay, d => new DaySummary { Fingerprint = fingerprint, LocalDay = d.LocalDay, StartsAt = d.StartsAt.ToUniversalTime(), EndsAt = d.EndsAt.ToUniversalTime() });
            db.AddRange(summaries.Values);
            await db.SaveChangesAsync(cancellationToken);
            db.AddRange(RowsOf(groups.Where(g => summaries.ContainsKey(g.LocalDay)), day => summaries[day].Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            made += todo.Count;
        }
        return made;
    }

    private async Task<List<Day>> MissingAsync(IReadOnlyList<Day> days, string fingerprint, CancellationToken cancellationToken)
    {
        var (first, last) = (days[0].LocalDay, days[^1].LocalDay);
        var made = (await db.Set<DaySummary>().AsNoTracking()
            .Where(d => d.Fingerprint == fingerprint && d.LocalDay >= first && d.LocalDay <= last)
            .Select(d => d.LocalDay).ToListAsync(cancellationToken)).ToHashSet();
        return [.. days.Where(d => !made.Contains(d.LocalDay))];
    }

    /// <summary>Each group added to its day's row of every unit: all queues, its queue, and its queue and agent.</summary>
    private static IEnumerable<DaySummaryRow> RowsOf(IEnumerable<CallGroup> groups, Func<int, long> summaryOf)
    {
        var rows = new Dictionary<(int, string, string?, string?, bool, int), (DaySummaryRow Row, SortedDictionary<long, long> Waits)>();
        foreach (var g in groups)
        {
            Add((g.LocalDay, DaySummaryRow.AllUnit, null, null, g.Inside, g.JourneyKind), g);
            Add((g.LocalDay, DaySummaryRow.QueueUnit, g.Queue, null, g.Inside, g.JourneyKind), g);
            Add((g.LocalDay, DaySummaryRow.AgentUnit, g.Queue, g.AnsweredBy, g.Inside, g.AgentKind), g);
        }
        return rows.Values.Select(r =>
        {
            r.Row.Waits = r.Waits.Count == 0 ? null : string.Join(' ', r.Waits.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key}:{w.Value}")));
            return r.Row;
        });

        void Add((int Day, string Unit, string? Queue, string? Agent, bool Inside, int Kind) key, CallGroup g)
        {
            if (!rows.TryGetValue(key, out var row))
            {
                row = (new DaySummaryRow { DaySummaryId = summaryOf(key.Day), Unit = key.Unit, Queue = key.Queue, Agent = key.Agent, Inside = key.Inside, Kind = key.Kind }, []);
                rows[key] = row;
            }
            row.Row.Calls += g.Calls;
            row.Row.InboundTalkingSeconds += g.InboundTalkingSeconds;
            row.Row.TalkingSeconds += g.TalkingSeconds;
            // Only answered and abandoned calls' waits make figures (waiting times, service level, short abandons).
            if (g.WaitingSeconds is { } waited && TeamStatisticsReader.KeepsWaits(key.Kind))
            {
                row.Waits[waited] = row.Waits.GetValueOrDefault(waited) + g.Calls;
            }
        }
    }

    /// <summary>A row's waits: each number of seconds with how many calls waited it.</summary>
    public static IEnumerable<(long Seconds, long Calls)> WaitsOf(DaySummaryRow row) =>
        row.Waits is null ? [] : row.Waits.Split(' ').Select(pair =>
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return (long.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture), long.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture));
        });

    /// <summary>The local days wholly inside [<paramref name="start"/>, <paramref name="end"/>) that ended by <paramref name="settled"/>.</summary>
    private static List<Day> SettledDays(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, DateTimeOffset settled)
    {
        var days = new List<Day>();
        for (var date = TimeZoneInfo.ConvertTime(start, zone).Date; ; date = date.AddDays(1))
        {
            var (from, to) = (Buckets.StartOfDay(date, zone), Buckets.StartOfDay(date.AddDays(1), zone));
            if (from >= end || to > settled)
            {
                return days;
            }
            if (from >= start && to <= end)
            {
                days.Add(new Day(DateOnly.FromDateTime(date).DayNumber - UnixEpochDay, from, to));
            }
        }
    }

    /// <summary>The definitions, the time zone and the business hours, as a hash: a summary made under others is not used.</summary>
    private static string Fingerprint(TimeZoneInfo zone, BusinessHours hours)
    {
        static string WeekOf(BusinessHours.Week? week) => week is null ? "always"
            : string.Join(";", week.Days.Select(ranges => string.Join(",", ranges.Select(r => $"{r.From}-{r.To}"))));
        // The zone's rules, not only its name (tzdata changes); and the definitions' version (raise it when the SQL
        // that sorts calls into kinds changes, and every day is summed up again).
        var text = new StringBuilder(DefinitionsVersion).Append('|').Append(zone.ToSerializedString()).Append('|').Append(WeekOf(hours.All));
        foreach (var (queue, week) in hours.Queues.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(queue).Append('=').Append(WeekOf(week));
        }
        text.Append('|').AppendJoin(",", hours.Closed.Order().Select(d => d.DayNumber));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The database's clock: the trigger judges a call's age by it, so a summary is judged by it too.</summary>
    private async Task<DateTimeOffset> DatabaseNowAsync(CancellationToken cancellationToken) => db.Database.IsNpgsql()
        ? await db.Database.SqlQueryRaw<DateTimeOffset>("SELECT now() AS \"Value\"").SingleAsync(cancellationToken)
        : DateTimeOffset.Parse(await db.Database.SqlQueryRaw<string>("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS \"Value\"").SingleAsync(cancellationToken),
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
