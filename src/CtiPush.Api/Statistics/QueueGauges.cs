using System.Diagnostics.Metrics;
using CtiPush.Callbacks;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.Statistics;

/// <summary>
/// Per queue, for Prometheus, looked at every 15 s: gauges <c>ctipush.queue.waiting</c> (calls ringing now),
/// <c>ctipush.queue.longest_wait</c> and <c>ctipush.queue.callbacks.open</c>; counters <c>ctipush.queue.offered</c>,
/// <c>.answered</c> and <c>.abandoned</c> since this instance started, as the statistics define them.
/// </summary>
internal sealed class QueueGauges : PeriodicJob
{
    private const string NoQueue = "";
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<StatisticsOptions> options;
    private readonly DateTimeOffset started;
    private volatile Snapshot last = new([], [], [], []);

    private sealed record Snapshot(
        Dictionary<string, long> Waiting, Dictionary<string, double> LongestWait, Dictionary<string, long> OpenCallbacks,
        Dictionary<string, TeamFigures> SinceStart);

    public QueueGauges(IServiceScopeFactory scopes, IMeterFactory meters, IOptions<StatisticsOptions> options, TimeProvider time,
        ILogger<QueueGauges> logger) : base(time, logger)
    {
        this.scopes = scopes;
        this.options = options;
        started = time.GetUtcNow();
        var meter = meters.Create(Metrics.MeterName);
        meter.CreateObservableGauge("ctipush.queue.waiting", () => PerQueue(last.Waiting), "{call}", "Inbound calls ringing now, per queue");
        meter.CreateObservableGauge("ctipush.queue.longest_wait", () => PerQueue(last.LongestWait), "s", "How long the longest-waiting call has rung, per queue");
        meter.CreateObservableGauge("ctipush.queue.callbacks.open", () => PerQueue(last.OpenCallbacks), "{callback}", "Open callbacks per queue their calls came in");
        meter.CreateObservableCounter("ctipush.queue.offered", () => PerQueue(last.SinceStart, f => (long)f.Offered), "{call}", "Offered calls since the instance started");
        meter.CreateObservableCounter("ctipush.queue.answered", () => PerQueue(last.SinceStart, f => (long)f.Answered), "{call}", "Answered calls since the instance started");
        meter.CreateObservableCounter("ctipush.queue.abandoned", () => PerQueue(last.SinceStart, f => (long)f.Abandoned), "{call}", "Abandoned calls since the instance started");
    }

    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    private static IEnumerable<Measurement<T>> PerQueue<T>(Dictionary<string, T> values) where T : struct =>
        values.Select(v => new Measurement<T>(v.Value, new KeyValuePair<string, object?>("queue", v.Key)));

    private static IEnumerable<Measurement<long>> PerQueue(Dictionary<string, TeamFigures> values, Func<TeamFigures, long> figure) =>
        values.Select(v => new Measurement<long>(figure(v.Value), new KeyValuePair<string, object?>("queue", v.Key)));

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        var now = Time.GetUtcNow();
        // The calls not yet ended are few (a filtered index holds them): grouped here.
        var ringing = (await db.Set<Call>().AsNoTracking()
                .Where(c => c.State == CallState.NewCall && c.Direction != CallDirection.Out)
                .Select(c => new { c.Queue, c.StartedAt })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.Queue)
            .Select(g => new { Queue = g.Key, Count = g.Count(), Oldest = g.Min(c => c.StartedAt) })
            .ToList();
        var callbackQueues = await db.Set<Callback>().AsNoTracking().Where(c => c.State == CallbackState.Open)
            .Select(c => c.Queues).ToListAsync(cancellationToken);
        var query = new StatisticsQuery { By = StatisticsQuery.Queue };
        var sinceStart = await scope.ServiceProvider.GetRequiredService<TeamStatisticsReader>()
            // From the calls: summaries made in UTC and always open would replace the ones made under the configured settings.
            .ReadAsync(query, started, now.AddMinutes(15), TimeZoneInfo.Utc, new StatisticsOptions
            {
                ShortAbandonSeconds = options.Value.ShortAbandonSeconds,
                ServiceLevelSeconds = options.Value.ServiceLevelSeconds,
                DaySummaries = false,
            }, BusinessHours.Always, cancellationToken);
        last = new Snapshot(
            ringing.ToDictionary(r => r.Queue ?? NoQueue, r => (long)r.Count),
            ringing.ToDictionary(r => r.Queue ?? NoQueue, r => Math.Max(0, (now - r.Oldest).TotalSeconds)),
            callbackQueues.SelectMany(q => q.Count == 0 ? [NoQueue] : q).GroupBy(q => q).ToDictionary(g => g.Key, g => (long)g.Count()),
            sinceStart.Rows.ToDictionary(r => r.Group ?? NoQueue));
    }
}
