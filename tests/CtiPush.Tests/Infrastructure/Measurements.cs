using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// What one app's instruments of the <c>CtiPush</c> meter record, as they record it. Test apps in one process share
/// the meter's name, so this listens only to the meters the app's own <see cref="IMeterFactory"/> made.
/// </summary>
public sealed class Measurements : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> recorded = new();

    public Measurements(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, listening) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == CtiPush.Infrastructure.Metrics.MeterName)
            {
                listening.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => recorded.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => recorded.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => recorded.Enqueue((instrument.Name, value)));
        listener.Start();
    }

    /// <summary>The values <paramref name="instrument"/> recorded so far, in order.</summary>
    public IReadOnlyList<double> Of(string instrument) => [.. recorded.Where(r => r.Instrument == instrument).Select(r => r.Value)];

    public void Dispose() => listener.Dispose();
}
