using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.CallLog;

/// <summary>The writer's group commit, measured once per batch (<c>ctipush.writer.*</c>).</summary>
public sealed class WriterMetricsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Each_batch_records_its_events_its_first_events_wait_and_how_long_it_took_and_every_event_is_counted_once()
    {
        var pbx = new Pbx(app.CreateClient());
        using var measured = new Measurements(app.Services);
        var callId = Pbx.NewCallId();

        // One post in flight at a time: a batch each.
        await Pbx.Ok(pbx.NewCall(callId));
        await Pbx.Ok(pbx.Answer(callId, "Erika"));
        await Pbx.Ok(pbx.Hangup(callId));
        await Eventually.Until(() => measured.Of("ctipush.writer.batch.events").Count == 3, "three batches measured");
        Assert.Equal([1, 1, 1], measured.Of("ctipush.writer.batch.events"));

        // Many at once: however the writer gathered them, each event in one batch.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Pbx.Ok(pbx.NewCall(Pbx.NewCallId()))));
        await Eventually.Until(() => Task.FromResult(measured.Of("ctipush.writer.batch.events").Sum() == 43), "the 40 events measured",
            detail: () => string.Join(", ", measured.Of("ctipush.writer.batch.events")));

        var batches = measured.Of("ctipush.writer.batch.events").Count;
        Assert.Equal(batches, measured.Of("ctipush.writer.wait").Count);
        Assert.Equal(batches, measured.Of("ctipush.writer.batch.duration").Count);
        Assert.All(measured.Of("ctipush.writer.wait"), seconds => Assert.InRange(seconds, 0, Eventually.Bound.TotalSeconds));
        Assert.All(measured.Of("ctipush.writer.batch.duration"), seconds => Assert.InRange(seconds, double.Epsilon, Eventually.Bound.TotalSeconds));
        Assert.Empty(measured.Of("ctipush.writer.lost_races")); // one writer, and no one else changed these calls
    }
}
