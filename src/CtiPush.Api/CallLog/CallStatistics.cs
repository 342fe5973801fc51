using System.ComponentModel;
using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>Figures for one bucket of time, for all queues together or for one queue.</summary>
public sealed record CallFigures(
    [property: Description("Null: calls in no queue; absent on the bucket's totals")] string? Queue,
    int Inbound,
    int Outbound,
    [property: Description("Inbound calls answered by a person (not the voicemail)")] int Answered,
    [property: Description("Inbound calls ended without a person answering (forwarded ones not counted)")] int Missed,
    [property: Description("Answered / inbound, 0 to 1; null without inbound calls")] double? AnswerRate,
    [property: Description("Median waiting time of answered inbound calls, seconds")] double? WaitingMedianSeconds,
    [property: Description("90th percentile of the same")] double? WaitingP90Seconds,
    [property: Description("Talking time of all calls, seconds")] long TalkingSeconds);

public sealed record StatisticsBucket(DateTimeOffset Start, CallFigures Total, IReadOnlyList<CallFigures> Queues);

public sealed record CallStatistics(DateTimeOffset Since, DateTimeOffset Until, string Bucket, IReadOnlyList<StatisticsBucket> Buckets);

/// <summary>What statistics need of one call.</summary>
public sealed record CallFacts(DateTimeOffset StartedAt, CallDirection? Direction, string? Queue, CallState State,
    bool Answered, string? AnsweredBy, string? Cause, int? WaitingSeconds, int? TalkingSeconds);

public static class StatisticsCalculator
{
    public static IReadOnlyList<StatisticsBucket> Calculate(IEnumerable<CallFacts> calls, Func<DateTimeOffset, DateTimeOffset> bucketOf) =>
        [.. calls.GroupBy(c => bucketOf(c.StartedAt))
            .OrderBy(bucket => bucket.Key)
            .Select(bucket => new StatisticsBucket(
                bucket.Key,
                Figures(null, bucket),
                [.. bucket.GroupBy(c => c.Queue).OrderBy(q => q.Key).Select(queue => Figures(queue.Key, queue))]))];

    private static CallFigures Figures(string? queue, IEnumerable<CallFacts> calls)
    {
        var list = calls.ToList();
        var inbound = list.Where(c => c.Direction != CallDirection.Out).ToList();
        // Taken by the mailbox is not answered: such a call still needs a call back.
        static bool ByAPerson(CallFacts c) => c.Answered && !string.Equals(c.AnsweredBy, Call.VoicemailUser, StringComparison.OrdinalIgnoreCase);
        var answered = inbound.Where(ByAPerson).ToList();
        var missed = inbound.Count(c => Call.IsMissed(c.Direction, c.State, c.Answered, c.AnsweredBy, c.Cause));
        var waits = answered.Where(c => c.WaitingSeconds is not null).Select(c => (double)c.WaitingSeconds!.Value).Order().ToList();
        return new CallFigures(
            queue,
            inbound.Count,
            list.Count - inbound.Count,
            answered.Count,
            missed,
            inbound.Count == 0 ? null : Math.Round((double)answered.Count / inbound.Count, 4),
            Percentile(waits, 0.5),
            Percentile(waits, 0.9),
            list.Sum(c => (long)(c.TalkingSeconds ?? 0)));
    }

    /// <summary>Linear interpolation between closest ranks, as spreadsheets compute it.</summary>
    private static double? Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }
}
