using System.Diagnostics;
using CtiPush.Infrastructure;
using CtiPush.People;
using Microsoft.Extensions.Options;

namespace CtiPush.Statistics;

/// <summary>
/// Sums up the settled days of the last <see cref="StatisticsQuery.MaxHourlyDays"/> days at start-up and then every
/// hour, so that the first year's figures a manager asks for are read from summaries too. A request sums up what is
/// missing by itself; this only does it before anyone waits.
/// </summary>
internal sealed class DaySummaryJob(
    IServiceScopeFactory scopes,
    IOptions<StatisticsOptions> options,
    IOptions<DisplayOptions> display,
    BusinessHours hours,
    TimeProvider time,
    ILogger<DaySummaryJob> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DaySummaries)
        {
            return;
        }
        var watch = Stopwatch.StartNew();
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var days = await scope.ServiceProvider.GetRequiredService<TeamStatisticsReader>().SumUpSettledDaysAsync(
            now.AddDays(-StatisticsQuery.MaxHourlyDays), now, TimeZoneInfo.FindSystemTimeZoneById(display.Value.TimeZone), hours, cancellationToken);
        if (days > 0)
        {
            Logger.LogInformation("Statistics summed up {Days} settled days in {ElapsedMs} ms", days, watch.ElapsedMilliseconds);
        }
    }
}
