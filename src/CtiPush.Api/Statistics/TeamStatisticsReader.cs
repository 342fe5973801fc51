using System.Data.Common;
using CtiPush.Data;
using CtiPush.People;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Statistics;

/// <summary>
/// Reads the team's figures with grouped SQL over the calls' indexed start time, on SQLite and PostgreSQL alike: the
/// database sums each quarter hour (UTC) and group; this class folds quarters into local hours, days and weeks. Only
/// the waiting seconds of answered calls (and callbacks' times to resolve) come back one by one, ordered, for the
/// percentiles. The definitions of <see cref="TeamFigures"/> are written here once, as SQL conditions.
/// </summary>
public sealed class TeamStatisticsReader(CtiPushDbContext db)
{
    // One leg of a call; the first leg of a journey (or a call with no legs) stands for the whole journey.
    private const string Inbound = "(direction IS NULL OR direction <> 'out')";
    private const string FirstLeg = "(journey_id IS NULL OR journey_id = id)";
    // The rules rejected the caller, or the PBX blocked it (normalised cause, whatever the PBX's spelling).
    private const string Blocked = "(COALESCE(decision_action, '') = 'reject' OR COALESCE(normalized_cause, '') = 'blocked')";
    private const string ByAPerson = "(answered_at IS NOT NULL AND (answered_by IS NULL OR lower(answered_by) <> 'voicemail'))";
    private const string NotRinging = "(state <> 'newCall')";

    private sealed record Filter(string? Queue, IReadOnlyList<string>? AgentNames);

    public async Task<TeamStatistics> ReadAsync(StatisticsQuery query, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, StatisticsOptions options, CancellationToken cancellationToken)
    {
        var agentNames = query.AgentFilter is { } agent ? await NamesOfAgentAsync(agent, cancellationToken) : null;
        var byAgent = query.Breakdown == StatisticsQuery.Agent || agentNames is not null;
        var filter = new Filter(query.QueueFilter, agentNames);
        // By agent, each leg a person answered counts for that person; otherwise a journey counts once, as its first leg.
        var unit = byAgent ? "(answered_by IS NOT NULL AND lower(answered_by) <> 'voicemail')" : FirstLeg;
        var reached = byAgent ? ByAPerson : $"({ByAPerson} OR answered_on_another_leg)";
        var offered = $"({Inbound} AND {unit} AND {NotRinging} AND NOT {Blocked})";
        var group = query.Breakdown switch
        {
            StatisticsQuery.Queue => "queue",
            StatisticsQuery.Agent => "answered_by",
            _ => "NULL",
        };

        var sums = new Dictionary<(long Slot, string? Group), CallSums>();
        CallSums At(long slot, string? g) => sums.TryGetValue((slot, g), out var s) ? s : sums[(slot, g)] = new CallSums();

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var slot = $"({Epoch("started_at")} / {Buckets.SlotSeconds})";
            var (where, parameters) = Where(start, end, filter);
            var sql = $"""
                SELECT {slot}, {group},
                  SUM(CASE WHEN {offered} THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {offered} AND {reached} THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {offered} AND NOT {reached} AND waiting_seconds <= {options.ShortAbandonSeconds} THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {Inbound} AND {unit} AND {Blocked} THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {offered} AND {reached} AND waiting_seconds <= {options.ServiceLevelSeconds} THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {offered} AND {reached} AND waiting_seconds IS NOT NULL THEN 1 ELSE 0 END),
                  SUM(CASE WHEN {offered} AND {reached} AND waiting_seconds IS NOT NULL THEN waiting_seconds ELSE 0 END),
                  SUM(CASE WHEN {Inbound} AND {ByAPerson} AND NOT {Blocked} THEN COALESCE(talking_seconds, 0) ELSE 0 END),
                  SUM(CASE WHEN direction = 'out' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN direction = 'out' THEN COALESCE(talking_seconds, 0) ELSE 0 END)
                FROM calls WHERE {where}
                GROUP BY {slot}{(group == "NULL" ? "" : ", " + group)}
                """;
            await foreach (var row in ReadAsync(sql, parameters, cancellationToken))
            {
                var s = At(Whole(row, 0), row.IsDBNull(1) ? null : row.GetString(1));
                s.Offered += Whole(row, 2);
                s.Answered += Whole(row, 3);
                s.ShortAbandoned += Whole(row, 4);
                s.Blocked += Whole(row, 5);
                s.WithinServiceLevel += Whole(row, 6);
                s.Waits += Whole(row, 7);
                s.WaitedSeconds += Whole(row, 8);
                s.TalkingSeconds += Whole(row, 9);
                s.Outbound += Whole(row, 10);
                s.OutboundTalkingSeconds += Whole(row, 11);
            }

            var waits = $"""
                SELECT {slot}, {group}, waiting_seconds FROM calls
                WHERE {where} AND {offered} AND {reached} AND waiting_seconds IS NOT NULL
                ORDER BY waiting_seconds
                """;
            await foreach (var row in ReadAsync(waits, parameters, cancellationToken))
            {
                At(Whole(row, 0), row.IsDBNull(1) ? null : row.GetString(1)).WaitingSeconds.Add(Whole(row, 2));
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
                    At(Whole(row, 0), null).ResolveSeconds.Add(Math.Max(0, Whole(row, 1)));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return await FoldAsync(query, zone, sums, cancellationToken);
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
                .Select(g => Fold(g.Select(s => s.Value)).Figures(g.Key));
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

    private (string Sql, List<(string Name, object Value)> Parameters) Where(DateTimeOffset start, DateTimeOffset end, Filter filter)
    {
        var parameters = new List<(string, object)> { ("@start", Instant(start)), ("@end", Instant(end)) };
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

    /// <summary>An instant as the provider stores it: SQLite keeps fixed-width UTC ISO 8601 text (see SqliteCtiPushDbContext).</summary>
    private object Instant(DateTimeOffset value) => IsSqlite
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToUniversalTime();

    /// <summary>Whole seconds since 1970 of a time column, as a 64-bit integer.</summary>
    private string Epoch(string column) => IsSqlite
        ? $"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"
        : $"CAST(floor(extract(epoch FROM {column})) AS bigint)";

    private async IAsyncEnumerable<DbDataReader> ReadAsync(string sql, List<(string Name, object Value)> parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
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
