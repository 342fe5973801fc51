using CtiPush.Core;

namespace CtiPush.CallLog;

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
