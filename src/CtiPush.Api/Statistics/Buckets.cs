using System.Globalization;

namespace CtiPush.Statistics;

/// <summary>
/// Buckets of time in a time zone. The database groups calls by quarter hour in UTC (every zone's offset is a
/// multiple of 15 minutes); each quarter falls in one local hour, day or week, so days of 23 or 25 hours come out right.
/// </summary>
public static class Buckets
{
    public const int SlotSeconds = 900;

    public static DateTimeOffset SlotStart(long slot) => DateTimeOffset.FromUnixTimeSeconds(slot * SlotSeconds);

    /// <summary>The start of the local hour, day or week (Monday) the quarter <paramref name="slot"/> falls in, with its local offset.</summary>
    public static DateTimeOffset Of(long slot, string by, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(SlotStart(slot), zone);
        return by switch
        {
            StatisticsQuery.Hour => new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset),
            StatisticsQuery.Week => StartOfDay(local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)), zone),
            _ => StartOfDay(local.Date, zone),
        };
    }

    /// <summary>Local midnight of <paramref name="date"/> in <paramref name="zone"/> (the first valid local time that day).</summary>
    public static DateTimeOffset StartOfDay(DateTime date, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// The zone's offsets from UTC over [<paramref name="start"/>, <paramref name="end"/>): the first from
    /// <paramref name="start"/>, each further one from the instant it took effect (found to the minute).
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, TimeSpan Offset)> Offsets(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        var offsets = new List<(DateTimeOffset, TimeSpan)> { (start, zone.GetUtcOffset(start)) };
        var from = start;
        while (from < end)
        {
            // Zones change their offset at most once a day: a day's step finds each change, halving finds its minute.
            var to = from.AddDays(1) < end ? from.AddDays(1) : end;
            var before = zone.GetUtcOffset(from);
            if (zone.GetUtcOffset(to) != before)
            {
                // In whole minutes, as zones change on a minute: same keeps the old offset, changed has the new one.
                var (same, changed) = (from.ToUnixTimeSeconds() / 60, to.ToUnixTimeSeconds() / 60);
                while (changed - same > 1)
                {
                    var middle = same + (changed - same) / 2;
                    (same, changed) = zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(middle * 60)) == before ? (middle, changed) : (same, middle);
                }
                var at = DateTimeOffset.FromUnixTimeSeconds(changed * 60);
                offsets.Add((at, zone.GetUtcOffset(at)));
            }
            from = to;
        }
        return offsets;
    }

    public static string Name(DateTimeOffset start) => start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
