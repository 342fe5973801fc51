using System.Diagnostics;
using System.Diagnostics.Metrics;
using CtiPush.Data;

namespace CtiPush.Push;

/// <summary>What the PBXs sent and got, and how long it took: instruments of the <c>CtiPush</c> meter.</summary>
public sealed class PushMetrics
{
    private readonly Counter<long> events;
    private readonly Counter<long> decisions;
    private readonly Histogram<double> pushDuration;

    public PushMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Infrastructure.Metrics.MeterName);
        events = meter.CreateCounter<long>("ctipush.events", "{event}", "Events posted by PBXs, by type, source and outcome (stored, or the refusal's status)");
        decisions = meter.CreateCounter<long>("ctipush.decisions", "{decision}", "Answers to newCall, by action (none, reject, dial) and source");
        pushDuration = meter.CreateHistogram<double>("ctipush.push.duration", "s", "From a push arriving to its answer",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>Where the push handler leaves the event's type and source for <see cref="Measure"/>.</summary>
    public const string TypeItem = "ctipush.type";
    public const string SourceItem = "ctipush.source";

    public void Decided(string? action, string source) => decisions.Add(1, new TagList { { "action", action ?? "none" }, { "source", source } });

    private void Pushed(string type, string source, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "type", type }, { "source", source }, { "outcome", outcome } };
        events.Add(1, tags);
        pushDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>An endpoint filter that times each push and counts it by type, source and outcome.</summary>
    public static async ValueTask<object?> Measure(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
        catch (Exception failure) when (DatabaseFailure.IsUnavailable(failure))
        {
            outcome = "503";
            throw;
        }
        finally
        {
            http.RequestServices.GetRequiredService<PushMetrics>().Pushed(
                http.Items[TypeItem] as string ?? "unknown", http.Items[SourceItem] as string ?? "unknown", outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
