using System.Globalization;
using System.Text.RegularExpressions;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Statistics;

/// <summary>
/// The per-queue series at <c>/metrics</c>, scraped from the service run as a process of its own: test apps in one
/// process share the meter's name, so only a process with one service in it proves what Prometheus would read.
/// </summary>
public sealed partial class QueueMetricsTests
{
    [Fact]
    public async Task Metrics_has_per_queue_gauges_of_waiting_longest_wait_and_open_callbacks_and_counters_of_offered_answered_and_abandoned()
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("ctipush-metrics").FullName, "log.db");
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__CtiPush"] = $"Data Source={database}",
        });
        var pbx = new Pbx(service.Client);
        foreach (var (queue, answered) in new[] { ("support", true), ("support", true), ("support", false), ("sales", true) })
        {
            var callId = Pbx.NewCallId();
            await Pbx.Ok(pbx.NewCall(callId, "in", from: "4930" + Random.Shared.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture), extra: $"&queue={queue}"));
            if (answered)
            {
                await Pbx.Ok(pbx.Answer(callId, "Alice"));
            }
            await Pbx.Ok(pbx.Hangup(callId, answered ? "normalClearing" : "cancel"));
        }
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId(), "in", extra: "&queue=support")); // ringing: waiting now
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId(), "in", extra: "&queue=support"));

        var expected = new Dictionary<(string Series, string Queue), double>
        {
            [("ctipush_queue_waiting", "support")] = 2, [("ctipush_queue_callbacks_open", "support")] = 1,
            [("ctipush_queue_offered_total", "support")] = 3, [("ctipush_queue_answered_total", "support")] = 2,
            [("ctipush_queue_abandoned_total", "support")] = 1,
            [("ctipush_queue_offered_total", "sales")] = 1, [("ctipush_queue_answered_total", "sales")] = 1,
            [("ctipush_queue_abandoned_total", "sales")] = 0,
        };
        var scraped = new Dictionary<(string, string), double>();
        // The figures are looked at every 15 s: the first look after the calls has them all.
        var took = await Eventually.Until(async () =>
        {
            scraped = Series(await service.Client.GetStringAsync("/metrics"));
            return expected.All(e => scraped.TryGetValue(e.Key, out var value) && value == e.Value);
        }, "the per-queue series", every: TimeSpan.FromSeconds(1), detail: () => string.Join(", ", scraped.Select(s => $"{s.Key}={s.Value}")));
        Eventually.Report("series scraped after", took);

        Assert.True(scraped[("ctipush_queue_longest_wait_seconds", "support")] >= 0);
        Assert.False(scraped.ContainsKey(("ctipush_queue_waiting", "sales")), "no call of sales is ringing");
    }

    /// <summary>Every ctipush_queue_ sample of a Prometheus text exposition, by name and queue label.</summary>
    private static Dictionary<(string, string), double> Series(string exposition) =>
        Sample().Matches(exposition).ToDictionary(
            m => (m.Groups["name"].Value, m.Groups["queue"].Value),
            m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>ctipush_queue_\w+)\{[^}]*\bqueue=""(?<queue>[^""]*)""[^}]*\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
