using System.Diagnostics.Metrics;
using CtiPush.Infrastructure;

namespace CtiPush.CallLog;

/// <summary>
/// How the writer's group commit goes (<see cref="CallRecorder"/>), once per batch, not per post: how many events one
/// transaction took, how long its first event waited for the writer to be free, how long writing and committing took,
/// how many batches were written again because another writer changed their calls first, and how many committed in the
/// round trip that wrote them. A push's latency (<c>ctipush.push.duration</c>) is the wait, the batch and the answer:
/// these say which part grew.
/// </summary>
public sealed class WriterMetrics
{
    private readonly Histogram<int> batchEvents;
    private readonly Histogram<double> wait;
    private readonly Histogram<double> batchDuration;
    private readonly Counter<long> lostRaces;
    private readonly Counter<long> committedWithWrites;
    private readonly Counter<long> expectationsUnmet;

    /// <summary>From half a millisecond, a batch on an idle machine, to seconds, a database that stalls.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] };

    public WriterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Metrics.MeterName);
        batchEvents = meter.CreateHistogram<int>("ctipush.writer.batch.events", "{event}", "Events one transaction of the writer took",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, CallRecorder.MaxBatch] });
        wait = meter.CreateHistogram<double>("ctipush.writer.wait", "s", "How long a batch's first event waited for the writer to be free", advice: Seconds);
        batchDuration = meter.CreateHistogram<double>("ctipush.writer.batch.duration", "s", "Writing and committing a batch, its retries included", advice: Seconds);
        lostRaces = meter.CreateCounter<long>("ctipush.writer.lost_races", "{batch}",
            "Batches written again because another writer (an instance, an admin, a sweep) changed or stored their calls first");
        committedWithWrites = meter.CreateCounter<long>("ctipush.writer.committed_with_writes", "{batch}",
            "Batches committed in the round trip that wrote them: no journey changed, and no observer had anything to add");
        expectationsUnmet = meter.CreateCounter<long>("ctipush.writer.expectations_unmet", "{batch}",
            "Batches sent to commit with their writes, rolled back and written again with their observers told (an open callback reached, a leg waiting)");
    }

    public void Written(int events, TimeSpan waited, TimeSpan took)
    {
        batchEvents.Record(events);
        wait.Record(waited.TotalSeconds);
        batchDuration.Record(took.TotalSeconds);
    }

    public void LostRace() => lostRaces.Add(1);

    public void CommittedWithWrites() => committedWithWrites.Add(1);

    public void ExpectationUnmet() => expectationsUnmet.Add(1);
}
