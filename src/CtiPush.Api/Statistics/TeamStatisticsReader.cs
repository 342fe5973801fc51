using System.Data.Common;
using System.Globalization;
using CtiPush.Data;
using CtiPush.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CtiPush.Statistics;

/// <summary>
/// Reads the team's figures with one grouped query over the calls' indexed start time, on SQLite and PostgreSQL alike:
/// the database counts the calls per bucket (local day or week; UTC quarter hour, folded here into local hours), group,
/// business hours, kind and waiting second; this class adds those rows up into the figures and percentiles. Only the
/// callbacks' times to resolve (a small table) come back one by one. The definitions of <see cref="TeamFigures"/> are
/// written here once, as SQL conditions.
/// </summary>
public sealed class TeamStatisticsReader(CtiPushDbContext db, DaySummaries summaries)
{
    // One leg of a call; the first leg of a journey (or a call with no legs) stands for the whole journey.
    private const string Inbound = "(direction IS NULL OR direction <> 'out')";
    private const string FirstLeg = "(journey_id IS NULL OR journey_id = id)";
    // The rules rejected the caller, or the PBX blocked it (normalised cause, whatever the PBX's spelling).
    private const string Blocked = "(COALESCE(decision_action, '') = 'reject' OR COALESCE(normalized_cause, '') = 'blocked')";
    private const string ByAPerson = "(answered_at IS NOT NULL AND (answered_by IS NULL OR lower(answered_by) <> 'voicemail'))";
    private const string NotRinging = "(state <> 'newCall')";
    // The unit of the per-agent figures: a leg a person answered (the mailbox is no agent).
    private const string AgentLeg = "(answered_by IS NOT NULL AND lower(answered_by) <> 'voicemail')";
    // A journey is reached when a person answered it on any leg.
    private const string JourneyReached = $"({ByAPerson} OR answered_on_another_leg)";
    private const string InboundTalking = $"CASE WHEN {Inbound} AND {ByAPerson} AND NOT {Blocked} THEN COALESCE(talking_seconds, 0) ELSE 0 END";

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    // What a call was, as the database sorts it: offered and answered, offered and not answered, blocked, outbound (else 0).
    private const int AnsweredKind = 1;
    private const int AbandonedKind = 2;
    private const int BlockedKind = 3;
    private const int OutboundKind = 4;

    /// <summary>Whether a kind's waits make figures: answered and abandoned calls' (waiting times, service level, short abandons).</summary>
    public static bool KeepsWaits(int kind) => kind is AnsweredKind or AbandonedKind;

    /// <summary>What a call was, in SQL, counting <paramref name="unit"/>s as offered and <paramref name="reached"/> as answered.</summary>
    private static string Kind(string unit, string reached)
    {
        var offered = $"({Inbound} AND {unit} AND {NotRinging} AND NOT {Blocked})";
        return $"""
            CASE WHEN {offered} AND {reached} THEN {AnsweredKind} WHEN {offered} THEN {AbandonedKind}
              WHEN {Inbound} AND {unit} AND {Blocked} THEN {BlockedKind} WHEN direction = 'out' THEN {OutboundKind} ELSE 0 END
            """;
    }

    /// <summary>A quarter hour in the bucket the database grouped by: the local day or week number, or the quarter hour itself.</summary>
    private static long SlotOf(string breakdown, long bucket, TimeZoneInfo zone) => breakdown switch
    {
        StatisticsQuery.Day => Buckets.StartOfDay(DateOnly.FromDayNumber(UnixEpochDay + (int)bucket).ToDateTime(TimeOnly.MinValue), zone).ToUnixTimeSeconds() / Buckets.SlotSeconds,
        StatisticsQuery.Week => Buckets.StartOfDay(DateOnly.FromDayNumber(UnixEpochDay + (int)bucket * 7 - 3).ToDateTime(TimeOnly.MinValue), zone).ToUnixTimeSeconds() / Buckets.SlotSeconds,
        _ => bucket,
    };

    private sealed record Filter(string? Queue, IReadOnlyList<string>? AgentNames);

    public async Task<TeamStatistics> ReadAsync(StatisticsQuery query, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, StatisticsOptions options, BusinessHours hours, CancellationToken cancellationToken)
    {
        var agentNames = query.AgentFilter is { } agent ? await NamesOfAgentAsync(agent, cancellationToken) : null;
        var byAgent = query.Breakdown == StatisticsQuery.Agent || agentNames is not null;
        var filter = new Filter(query.QueueFilter, agentNames);
        // Outside business hours, the offered calls are outsideHours, and with hours=business nothing else of them counts.
        var businessOnly = query.Hours == StatisticsQuery.BusinessHours;

        var sums = new Dictionary<(long Slot, string? Group), CallSums>();
        CallSums At(long slot, string? g) => sums.TryGetValue((slot, g), out var s) ? s : sums[(slot, g)] = new CallSums();
        void Count(CallSums s, bool inside, int kind, long? waited, long count, long inboundTalking, long talking)
        {
            if (!inside && kind is AnsweredKind or AbandonedKind)
            {
                s.OutsideHours += count;
            }
            if (!inside && businessOnly)
            {
                return;
            }
            s.TalkingSeconds += inboundTalking;
            switch (kind)
            {
                case AnsweredKind:
                    s.Offered += count;
                    s.Answered += count;
                    if (waited is { } w)
                    {
                        s.Waits += count;
                        s.WaitedSeconds += w * count;
                        s.WithinServiceLevel += w <= options.ServiceLevelSeconds ? count : 0;
                        s.WaitingSeconds.Add((w, count));
                    }
                    break;
                case AbandonedKind:
                    s.Offered += count;
                    s.ShortAbandoned += waited <= options.ShortAbandonSeconds ? count : 0;
                    break;
                case BlockedKind:
                    s.Blocked += count;
                    break;
                case OutboundKind:
                    s.Outbound += count;
                    s.OutboundTalkingSeconds += talking;
                    break;
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Settled days come from their summaries (per hour, always from the calls: a summary is a whole day).
            IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> live = [(start, end)];
            if (options.DaySummaries && query.Breakdown != StatisticsQuery.Hour)
            {
                var unit = byAgent ? DaySummaryRow.AgentUnit
                    : query.Breakdown == StatisticsQuery.Queue || filter.Queue is not null ? DaySummaryRow.QueueUnit : DaySummaryRow.AllUnit;
                var found = await summaries.ReadAsync(start, end, zone, hours, unit, filter.Queue, agentNames,
                    (from, to, cancel) => SumCallsAsync(from, to, zone, hours, cancel), cancellationToken);
                foreach (var (day, row) in found.Rows)
                {
                    var group = query.Breakdown switch
                    {
                        StatisticsQuery.Queue => row.Queue,
                        StatisticsQuery.Agent => string.Equals(row.Agent, "voicemail", StringComparison.OrdinalIgnoreCase) ? null : row.Agent,
                        _ => null,
                    };
                    var s = At(SlotOf(StatisticsQuery.Day, day, zone), group);
                    var withoutWait = row.Calls;
                    foreach (var (waited, calls) in DaySummaries.WaitsOf(row))
                    {
                        Count(s, row.Inside, row.Kind, waited, calls, 0, 0);
                        withoutWait -= calls;
                    }
                    Count(s, row.Inside, row.Kind, null, withoutWait, row.InboundTalkingSeconds, row.TalkingSeconds);
                }
                live = found.Live;
            }

            // One pass per period left, grouped by what the figures need: the bucket itself (the local day or week,
            // from the local start time; the quarter hour by hour, folded into local hours here so that an hour
            // happening twice stays two; none by queue or agent), the group, inside (1) or outside (0) business hours,
            // what the call was (kind) and its waiting seconds. The thresholds, the waits' histogram and the business
            // hours then apply to these few hundred or thousand rows, and the database decides each condition once per
            // call, not once per figure. By agent, each leg a person answered counts for that person; otherwise a
            // journey counts once, as its first leg.
            var kind = byAgent ? Kind(AgentLeg, ByAPerson) : Kind(FirstLeg, JourneyReached);
            var grouped = query.Breakdown switch
            {
                StatisticsQuery.Queue => "queue",
                StatisticsQuery.Agent => "CASE WHEN lower(answered_by) = 'voicemail' THEN NULL ELSE answered_by END", // the mailbox is no agent
                _ => "NULL",
            };
            var bucket = query.Breakdown switch
            {
                StatisticsQuery.Hour => $"({Epoch("started_at")} / {Buckets.SlotSeconds})",
                StatisticsQuery.Day => "(local_seconds / 86400)",
                StatisticsQuery.Week => "((local_seconds / 86400 + 3) / 7)",
                _ => "0",
            };
            foreach (var (from, to) in live)
            {
                var (where, parameters) = Where(from, to, filter);
                var scoped = Scoped(where, parameters, from, to, zone, hours, local: query.Breakdown is StatisticsQuery.Day or StatisticsQuery.Week);
                var sql = $"""
                    {scoped},
                    kinds AS (SELECT {bucket} AS bucket, {grouped} AS grouped, inside, {kind} AS kind, waiting_seconds, talking_seconds,
                      {InboundTalking} AS inbound_talking FROM scoped)
                    SELECT bucket, grouped, inside, kind, waiting_seconds, COUNT(*), SUM(inbound_talking), SUM(COALESCE(talking_seconds, 0))
                    FROM kinds
                    GROUP BY bucket, grouped, inside, kind, waiting_seconds
                    """;
                await foreach (var row in ReadAsync(sql, parameters, cancellationToken))
                {
                    Count(At(SlotOf(query.Breakdown, Whole(row, 0), zone), row.IsDBNull(1) ? null : row.GetString(1)),
                        Whole(row, 2) == 1, (int)Whole(row, 3), row.IsDBNull(4) ? null : Whole(row, 4), Whole(row, 5), Whole(row, 6), Whole(row, 7));
                }
            }

            if (query.ByTime && filter is { Queue: null, AgentNames: null })
            {
                var (_, window) = Where(start, end, filter);
                var opened = $"""
                    SELECT {Epoch("first_at")} / {Buckets.SlotSeconds}, COUNT(*) FROM callbacks
                    WHERE first_at >= @start AND first_at < @end GROUP BY {Epoch("first_at")} / {Buckets.SlotSeconds}
                    """;
                await foreach (var row in ReadAsync(opened, window, cancellationToken))
                {
                    At(Whole(row, 0), null).CallbacksOpened += Whole(row, 1);
                }
                var resolved = $"""
                    SELECT {Epoch("resolved_at")} / {Buckets.SlotSeconds}, {Epoch("resolved_at")} - {Epoch("first_at")} FROM callbacks
                    WHERE state = 'resolved' AND resolved_at >= @start AND resolved_at < @end
                    ORDER BY 2
                    """;
                await foreach (var row in ReadAsync(resolved, window, cancellationToken))
                {
                    At(Whole(row, 0), null).ResolveSeconds.Add((Math.Max(0, Whole(row, 1)), 1));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return await FoldAsync(query, zone, sums, cancellationToken);
    }

    /// <summary>Sums up the settled days of [<paramref name="start"/>, <paramref name="end"/>) not summed up yet; returns how many.</summary>
    public async Task<int> SumUpSettledDaysAsync(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, BusinessHours hours,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await summaries.SumUpAsync(start, end, zone, hours, (from, to, cancel) => SumCallsAsync(from, to, zone, hours, cancel), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The calls of [<paramref name="from"/>, <paramref name="to"/>) grouped for <see cref="DaySummaries"/>: per local day,
    /// queue, who answered, inside or outside hours, kind counted by journey and by agent, and waiting seconds.
    /// </summary>
    private async Task<List<DaySummaries.CallGroup>> SumCallsAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone,
        BusinessHours hours, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(from, to, new Filter(null, null));
        var sql = $"""
            {Scoped(where, parameters, from, to, zone, hours, local: true)},
            kinds AS (SELECT local_seconds / 86400 AS day, queue, answered_by, inside, {Kind(FirstLeg, JourneyReached)} AS journey_kind,
              {Kind(AgentLeg, ByAPerson)} AS agent_kind, waiting_seconds, talking_seconds, {InboundTalking} AS inbound_talking FROM scoped)
            SELECT day, queue, answered_by, inside, journey_kind, agent_kind, waiting_seconds, COUNT(*), SUM(inbound_talking), SUM(COALESCE(talking_seconds, 0))
            FROM kinds
            GROUP BY day, queue, answered_by, inside, journey_kind, agent_kind, waiting_seconds
            """;
        var groups = new List<DaySummaries.CallGroup>();
        await foreach (var row in ReadAsync(sql, parameters, cancellationToken))
        {
            groups.Add(new DaySummaries.CallGroup((int)Whole(row, 0), row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2),
                Whole(row, 3) == 1, (int)Whole(row, 4), (int)Whole(row, 5), row.IsDBNull(6) ? null : Whole(row, 6), Whole(row, 7), Whole(row, 8), Whole(row, 9)));
        }
        return groups;
    }

    private async Task<TeamStatistics> FoldAsync(StatisticsQuery query, TimeZoneInfo zone,
        Dictionary<(long Slot, string? Group), CallSums> sums, CancellationToken cancellationToken)
    {
        var total = new CallSums();
        foreach (var s in sums.Values)
        {
            total.Add(s);
        }
        IEnumerable<TeamFigures> rows;
        if (query.ByTime)
        {
            rows = sums.GroupBy(s => Buckets.Of(s.Key.Slot, query.Breakdown, zone))
                .OrderBy(g => g.Key)
                .Select(g => Fold(g.Select(s => s.Value)).Figures(Buckets.Name(g.Key)));
        }
        else if (query.Breakdown == StatisticsQuery.Queue)
        {
            rows = sums.GroupBy(s => s.Key.Group)
                .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Fold(g.Select(s => s.Value)).Figures(g.Key));
        }
        else
        {
            var people = await PeopleByPbxNameAsync(cancellationToken);
            rows = sums.Where(s => s.Key.Group is not null)
                .GroupBy(s => people.TryGetValue(PbxName.Normalize(s.Key.Group!), out var person) ? person : s.Key.Group!.Trim(),
                    StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                // Named by one spelling whatever order the rows came in ("Anna" before "anna").
                .Select(g => (Name: g.Select(s => people.TryGetValue(PbxName.Normalize(s.Key.Group!), out var person) ? person : s.Key.Group!.Trim()).Min(StringComparer.Ordinal)!,
                    Sum: Fold(g.Select(s => s.Value))))
                // Each answered leg is one agent's, so the agents' answered add up to the total's and their shares to 1.
                .Select(agent => agent.Sum.Figures(agent.Name) with
                {
                    AnsweredShare = total.Answered == 0 ? null : Math.Round((double)agent.Sum.Answered / total.Answered, 4),
                });
        }
        return new TeamStatistics([.. rows], total.Figures(null));
    }

    private static CallSums Fold(IEnumerable<CallSums> parts)
    {
        var sum = new CallSums();
        foreach (var part in parts)
        {
            sum.Add(part);
        }
        return sum;
    }

    /// <summary>Every PBX name a person holds (normalized), with the person's user name.</summary>
    private async Task<Dictionary<string, string>> PeopleByPbxNameAsync(CancellationToken cancellationToken) =>
        await db.Set<PbxName>().AsNoTracking()
            .Join(db.Set<Person>(), n => n.PersonId, p => p.Id, (n, p) => new { n.Normalized, p.UserName })
            .ToDictionaryAsync(x => x.Normalized, x => x.UserName ?? x.Normalized, cancellationToken);

    /// <summary>The normalized PBX names of the agent named: a person's (by user name or one of their PBX names), or the name itself.</summary>
    private async Task<IReadOnlyList<string>> NamesOfAgentAsync(string agent, CancellationToken cancellationToken)
    {
        var normalized = PbxName.Normalize(agent);
        var personId = await db.Set<Person>().AsNoTracking().Where(p => p.NormalizedUserName == normalized).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Set<PbxName>().AsNoTracking().Where(n => n.Normalized == normalized).Select(n => (long?)n.PersonId).FirstOrDefaultAsync(cancellationToken);
        if (personId is null)
        {
            return [normalized];
        }
        var names = await db.Set<PbxName>().AsNoTracking().Where(n => n.PersonId == personId).Select(n => n.Normalized).ToListAsync(cancellationToken);
        return names.Count == 0 ? ["\u0000"] : names; // a person without PBX names answered nothing
    }

    /// <summary>
    /// <c>WITH scoped AS (…)</c>: the calls of the period and filters, each with <c>inside</c> (1 or 0): whether it
    /// started inside business hours, decided by the database on its local start time — the UTC start plus the zone's
    /// offset then (a <c>CASE</c> over the offset changes in the period), its local date, weekday and minute.
    /// </summary>
    private string Scoped(string where, List<(string Name, object Value)> parameters, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, BusinessHours hours, bool local)
    {
        if (!hours.IsSet && !local)
        {
            return $"WITH scoped AS (SELECT calls.*, 1 AS inside FROM calls WHERE {where})";
        }
        var offsets = Buckets.Offsets(start, end, zone);
        var offset = $"{(long)offsets[^1].Offset.TotalSeconds}";
        for (var i = offsets.Count - 1; i > 0; i--)
        {
            parameters.Add(($"@offset{i}", db.InstantParameter(offsets[i].From)));
            offset = $"CASE WHEN started_at < @offset{i} THEN {(long)offsets[i - 1].Offset.TotalSeconds} ELSE {offset} END";
        }

        if (!hours.IsSet)
        {
            return $"WITH scoped AS (SELECT calls.*, {Epoch("started_at")} + {offset} AS local_seconds, 1 AS inside FROM calls WHERE {where})";
        }

        string Open(BusinessHours.Week? week) => week is null ? "1 = 1" : "(1 = 0" + string.Concat(week.Days.Select((ranges, day) =>
            ranges.Count == 0 ? "" : $" OR (weekday = {day} AND ({string.Join(" OR ", ranges.Select(r => $"(minute >= {r.From} AND minute < {r.To})"))}))")) + ")";
        var open = Open(hours.All);
        foreach (var (queue, week) in hours.Queues)
        {
            var name = $"@hours{parameters.Count}";
            parameters.Add((name, queue));
            open = $"CASE WHEN queue = {name} THEN {Open(week)} ELSE {open} END";
        }
        var closed = hours.Closed.Count == 0 ? "1 = 1"
            : $"local_day NOT IN ({string.Join(", ", hours.Closed.Select(d => d.DayNumber - UnixEpochDay))})";
        return $"""
            WITH localized AS (SELECT calls.*, {Epoch("started_at")} + {offset} AS local_seconds FROM calls WHERE {where}),
            dated AS (SELECT localized.*, local_seconds / 86400 AS local_day, (local_seconds / 86400 + 3) % 7 AS weekday,
              (local_seconds % 86400) / 60 AS minute FROM localized),
            scoped AS (SELECT dated.*, CASE WHEN {closed} AND ({open}) THEN 1 ELSE 0 END AS inside FROM dated)
            """;
    }

    private (string Sql, List<(string Name, object Value)> Parameters) Where(DateTimeOffset start, DateTimeOffset end, Filter filter)
    {
        var parameters = new List<(string, object)> { ("@start", db.InstantParameter(start)), ("@end", db.InstantParameter(end)) };
        var sql = "started_at >= @start AND started_at < @end";
        if (filter.Queue is { } queue)
        {
            sql += " AND queue = @queue";
            parameters.Add(("@queue", queue));
        }
        if (filter.AgentNames is { } names)
        {
            sql += $" AND upper(answered_by) IN ({string.Join(", ", names.Select((_, i) => $"@agent{i}"))})";
            parameters.AddRange(names.Select((n, i) => ($"@agent{i}", (object)n)));
        }
        return (sql, parameters);
    }

    private static long Whole(DbDataReader row, int ordinal) => Convert.ToInt64(row.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private bool IsSqlite => db.Database.IsSqlite();

    /// <summary>Whole seconds since 1970 of a time column, as a 64-bit integer.</summary>
    private string Epoch(string column) => IsSqlite
        ? $"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"
        : $"CAST(floor(date_part('epoch', {column})) AS bigint)"; // a double, cheaper per row than extract's numeric

    private async IAsyncEnumerable<DbDataReader> ReadAsync(string sql, List<(string Name, object Value)> parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction(); // a summary being made reads in its own
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader;
        }
    }
}
