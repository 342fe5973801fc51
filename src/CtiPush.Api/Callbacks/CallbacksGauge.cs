using System.Diagnostics.Metrics;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Callbacks;

/// <summary><c>ctipush.callbacks.open</c> and the age of the oldest, counted every 15 s.</summary>
internal sealed class CallbacksGauge : PeriodicJob
{
    private readonly IServiceScopeFactory scopes;
    private long open;
    private double oldestSeconds;

    public CallbacksGauge(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, ILogger<CallbacksGauge> logger) : base(time, logger)
    {
        this.scopes = scopes;
        var meter = meters.Create(Metrics.MeterName);
        meter.CreateObservableGauge("ctipush.callbacks.open", () => Interlocked.Read(ref open), "{callback}", "Callbacks waiting now");
        meter.CreateObservableGauge("ctipush.callbacks.oldest.age", () => Volatile.Read(ref oldestSeconds), "s", "How long the oldest open callback has waited");
    }

    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        var waiting = db.Set<Callback>().Where(c => c.State == CallbackState.Open);
        Interlocked.Exchange(ref open, await waiting.CountAsync(cancellationToken));
        var oldest = await waiting.OrderBy(c => c.FirstAt).Select(c => (DateTimeOffset?)c.FirstAt).FirstOrDefaultAsync(cancellationToken);
        Volatile.Write(ref oldestSeconds, oldest is { } first ? Math.Max(0, (Time.GetUtcNow() - first).TotalSeconds) : 0);
    }
}
