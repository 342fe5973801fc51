using System.Globalization;

namespace CtiPush.Benchmarks;

/// <summary>
/// The writer's group commit over a stretch of a run, from the service's own <c>ctipush_writer_*</c> histograms at
/// <c>/metrics</c> read before and after: how many batches, how many events each, how long a batch's first event waited
/// for the writer and how long the batch took, how many committed in the round trip that wrote them. A post's latency is roughly the wait, the batch and its answer.
/// </summary>
public sealed record WriterFigures(double Batches, double Events, double WaitSeconds, double BatchSeconds, double LostRaces, double CommittedWithWrites)
{
    public static async Task<WriterFigures> ReadAsync(ServiceUnderTest service)
    {
        var series = (await service.Http.GetStringAsync("/metrics")).Split('\n')
            .Where(line => line.StartsWith("ctipush_writer_", StringComparison.Ordinal))
            .Select(line => (Name: line[..line.IndexOfAny(['{', ' '])], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        double Of(string name) => series.GetValueOrDefault(name);
        return new(Of("ctipush_writer_batch_events_count"), Of("ctipush_writer_batch_events_sum"), Of("ctipush_writer_wait_seconds_sum"),
            Of("ctipush_writer_batch_duration_seconds_sum"), Of("ctipush_writer_lost_races_total"), Of("ctipush_writer_committed_with_writes_total"));
    }

    /// <summary>What happened between <paramref name="before"/> and this reading, as one line.</summary>
    public string Since(WriterFigures before)
    {
        var batches = Math.Max(1, Batches - before.Batches);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Batches - before.Batches:N0} batches of {(Events - before.Events) / batches:F1} events on average; a batch's first event waited {(WaitSeconds - before.WaitSeconds) / batches * 1000:F2} ms for the writer, the batch took {(BatchSeconds - before.BatchSeconds) / batches * 1000:F2} ms (means); {CommittedWithWrites - before.CommittedWithWrites:N0} committed in the round trip that wrote them; {LostRaces - before.LostRaces:N0} lost races");
    }
}
