using CtiPush.People;
using Microsoft.Extensions.Options;

namespace CtiPush.Statistics;

/// <summary>What a statistics request reads with: the reader, the clock, the time zone, the thresholds and the hours.</summary>
public sealed record StatisticsServices(
    TeamStatisticsReader Reader, TimeProvider Time, IOptions<DisplayOptions> Display, IOptions<StatisticsOptions> Options,
    BusinessHours OpenHours)
{
    /// <summary>The figures the query asks for, or each field it cannot be answered for.</summary>
    public async Task<(TeamStatistics? Statistics, Dictionary<string, string[]> Errors)> ReadAsync(StatisticsQuery query,
        CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Display.Value.TimeZone);
        if (query.Validate(now, zone) is { Count: > 0 } errors)
        {
            return (null, errors);
        }
        var (start, end) = query.Window(now, zone);
        return (await Reader.ReadAsync(query, start, end, zone, Options.Value, OpenHours, cancellationToken), []);
    }
}
