using System.Diagnostics;
using System.Diagnostics.Metrics;
using CtiPush.CallLog;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;

namespace CtiPush.Infrastructure;

/// <summary>
/// The service's own meter, <c>CtiPush</c>: what the PBXs sent and got, how long it took, how the database
/// fares. Exposed with ASP.NET Core's, Kestrel's, the runtime's and Npgsql's meters at <c>/metrics</c> for Prometheus.
/// </summary>
public sealed class CtiPushMetrics
{
    public const string MeterName = "CtiPush";

    private readonly Counter<long> events;
    private readonly Counter<long> decisions;
    private readonly Histogram<double> pushDuration;
    private readonly Counter<long> databaseErrors;
    private long ringing;

    public CtiPushMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        events = meter.CreateCounter<long>("ctipush.events", "{event}", "Events posted by PBXs, by type, source and outcome (stored, or the refusal's status)");
        decisions = meter.CreateCounter<long>("ctipush.decisions", "{decision}", "Answers to newCall, by action (none, reject, dial) and source");
        pushDuration = meter.CreateHistogram<double>("ctipush.push.duration", "s", "From a push arriving to its answer",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        databaseErrors = meter.CreateCounter<long>("ctipush.database.errors", "{error}", "Requests the database could not serve (answered 503)");
        meter.CreateObservableGauge("ctipush.calls.ringing", () => Interlocked.Read(ref ringing), "{call}", "Calls ringing now (newCall, no answer or hangup yet)");
    }

    public void Pushed(string type, string source, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "type", type }, { "source", source }, { "outcome", outcome } };
        events.Add(1, tags);
        pushDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void Decided(string? action, string source) => decisions.Add(1, new TagList { { "action", action ?? "none" }, { "source", source } });

    public void DatabaseError() => databaseErrors.Add(1);

    internal void SetRinging(long count) => Interlocked.Exchange(ref ringing, count);
}

/// <summary>Counts the ringing calls every 15 s, on the small index of calls not yet ended, for the gauge.</summary>
internal sealed class RingingCallsGauge(IServiceScopeFactory scopes, CtiPushMetrics metrics, TimeProvider time, ILogger<RingingCallsGauge> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        metrics.SetRinging(await db.Set<Call>().CountAsync(c => c.State != CallState.Hangup && c.State == CallState.NewCall, cancellationToken));
    }
}

public static class Metrics
{
    public const string Path = "/metrics";

    public static IHostApplicationBuilder AddCtiPushMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CtiPushMetrics>();
        builder.Services.AddHostedService<RingingCallsGauge>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CtiPushMetrics.MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Unauthenticated, as Prometheus scrapes: counts, PBX names, and in Npgsql's pool metrics the database's host,
    /// name and user (never the password); no secret and no call. Keep it on the internal network.
    /// </summary>
    public static WebApplication MapCtiPushMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(Path).WithTags("Operations");
        return app;
    }

    /// <summary>Times each push and counts it by type, source and outcome.</summary>
    public static RouteHandlerBuilder WithPushMetrics(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        var http = context.HttpContext;
        var outcome = "500";
        try
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result; // Results<…> wraps the one returned
            outcome = answer is IStatusCodeHttpResult { StatusCode: not (null or 200) } refused ? refused.StatusCode.ToString()! : "stored";
            return result;
        }
        catch (Exception failure) when (DatabaseUnavailableHandler.IsUnavailable(failure))
        {
            outcome = "503";
            throw;
        }
        finally
        {
            http.RequestServices.GetRequiredService<CtiPushMetrics>().Pushed(
                http.Items[PushType] as string ?? "unknown", http.Items[PushSource] as string ?? "unknown", outcome, Stopwatch.GetElapsedTime(started));
        }
    });

    /// <summary>Where the push handler leaves the event's type and source for <see cref="WithPushMetrics"/>.</summary>
    public const string PushType = "ctipush.type";
    public const string PushSource = "ctipush.source";
}
