using System.Diagnostics.Metrics;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>
/// <c>ctipush.calls.ringing</c>: the calls ringing now, counted every 15 s on the small index of calls not yet ended.
/// </summary>
internal sealed class RingingCallsGauge : PeriodicJob
{
    private readonly IServiceScopeFactory scopes;
    private long ringing;

    public RingingCallsGauge(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, ILogger<RingingCallsGauge> logger) : base(time, logger)
    {
        this.scopes = scopes;
        meters.Create(Metrics.MeterName).CreateObservableGauge(
            "ctipush.calls.ringing", () => Interlocked.Read(ref ringing), "{call}", "Calls ringing now (newCall, no answer or hangup yet)");
    }

    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        Interlocked.Exchange(ref ringing, await db.Set<Call>().CountAsync(c => c.State != CallState.Hangup && c.State == CallState.NewCall, cancellationToken));
    }
}
