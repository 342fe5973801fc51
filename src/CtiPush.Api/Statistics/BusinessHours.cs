using System.Globalization;

namespace CtiPush.Statistics;

/// <summary>
/// <c>Stats:BusinessHours</c> read and checked: per queue (or for all) the open minutes of each weekday as ranges, and the closed dates. <see cref="TeamStatisticsReader"/> turns it into an SQL condition on each
/// call's local start time, so the database sorts calls into inside and outside hours.
/// </summary>
public sealed class BusinessHours
{
    /// <summary>Open ranges, minutes of the day [From, To), per day, Monday first.</summary>
    public sealed record Week(IReadOnlyList<(int From, int To)>[] Days);

    public static readonly BusinessHours Always = new(null, new Dictionary<string, Week>(), []);

    private BusinessHours(Week? all, IReadOnlyDictionary<string, Week> queues, IReadOnlyList<DateOnly> closed)
    {
        All = all;
        Queues = queues;
        Closed = closed;
    }

    /// <summary>The week of queues without their own; null: always open.</summary>
    public Week? All { get; }

    public IReadOnlyDictionary<string, Week> Queues { get; }

    public IReadOnlyList<DateOnly> Closed { get; }

    /// <summary>Whether any hours are set; without, every call is inside hours.</summary>
    public bool IsSet => All is not null || Queues.Count > 0 || Closed.Count > 0;

    /// <summary>Monday 0 to Sunday 6.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>The settings read, or what is wrong with them in one sentence naming the setting.</summary>
    public static (BusinessHours? Hours, string? Problem) Read(BusinessHoursOptions? options)
    {
        if (options is null)
        {
            return (Always, null);
        }
        const string section = StatisticsOptions.Section + ":BusinessHours";
        Week? all = null;
        if (options.All is { } allDays)
        {
            (all, var problem) = ReadWeek(allDays, $"{section}:All");
            if (problem is not null)
            {
                return (null, problem);
            }
        }
        var queues = new Dictionary<string, Week>(StringComparer.Ordinal);
        foreach (var (queue, days) in options.Queues)
        {
            var (week, problem) = ReadWeek(days, $"{section}:Queues:{queue}");
            if (problem is not null)
            {
                return (null, problem);
            }
            queues[queue] = week!;
        }
        var closed = new List<DateOnly>();
        for (var i = 0; i < options.Closed.Count; i++)
        {
            if (!DateOnly.TryParseExact(options.Closed[i].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (null, $"{section}:Closed:{i} '{options.Closed[i]}' must be a date such as 2026-12-24.");
            }
            closed.Add(date);
        }
        return (new BusinessHours(all, queues, closed), null);
    }

    private static (Week? Week, string? Problem) ReadWeek(Dictionary<string, string> days, string setting)
    {
        var week = new List<(int, int)>[7];
        for (var i = 0; i < 7; i++)
        {
            week[i] = [];
        }
        foreach (var (name, ranges) in days)
        {
            if (!Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) || int.TryParse(name, out _))
            {
                return (null, $"{setting}:{name} is no day of the week: use Monday to Sunday.");
            }
            foreach (var range in (ranges ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var ends = range.Split('-', StringSplitOptions.TrimEntries);
                if (ends.Length != 2 || Minute(ends[0]) is not { } from || Minute(ends[1]) is not { } to || from >= to)
                {
                    return (null, $"{setting}:{name} '{ranges}' must be ranges such as 08:00-12:00, 13:00-17:30 (up to 24:00).");
                }
                week[DayIndex(day)].Add((from, to));
            }
        }
        return (new Week([.. week.Select(d => (IReadOnlyList<(int, int)>)[.. d.Order()])]), null);
    }

    /// <summary>Minutes of the day of <c>HH:mm</c>, 24:00 the day's end.</summary>
    private static int? Minute(string time)
    {
        var parts = time.Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
        {
            return null;
        }
        var total = hour * 60 + minute;
        return minute < 60 && total <= 24 * 60 ? total : null;
    }
}
