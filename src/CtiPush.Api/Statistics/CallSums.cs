namespace CtiPush.Statistics;

/// <summary>What the database sums for one group; sums of groups add up, so quarters fold into hours, days and weeks.</summary>
internal sealed class CallSums
{
    public long Offered;
    public long Answered;
    public long ShortAbandoned;
    public long Blocked;
    public long WithinServiceLevel;
    public long Waits;
    public long WaitedSeconds;
    public long TalkingSeconds;
    public long Outbound;
    public long OutboundTalkingSeconds;
    public long CallbacksOpened;
    public long OutsideHours;
    /// <summary>Waiting times of answered calls and callbacks' times to resolve: each value with how many had it.</summary>
    public List<(double Value, long Count)> WaitingSeconds { get; } = [];
    public List<(double Value, long Count)> ResolveSeconds { get; } = [];

    public void Add(CallSums other)
    {
        Offered += other.Offered;
        Answered += other.Answered;
        ShortAbandoned += other.ShortAbandoned;
        Blocked += other.Blocked;
        WithinServiceLevel += other.WithinServiceLevel;
        Waits += other.Waits;
        WaitedSeconds += other.WaitedSeconds;
        TalkingSeconds += other.TalkingSeconds;
        Outbound += other.Outbound;
        OutboundTalkingSeconds += other.OutboundTalkingSeconds;
        CallbacksOpened += other.CallbacksOpened;
        OutsideHours += other.OutsideHours;
        WaitingSeconds.AddRange(other.WaitingSeconds);
        ResolveSeconds.AddRange(other.ResolveSeconds);
    }

    public TeamFigures Figures(string? group)
    {
        var counted = Offered - ShortAbandoned;
        return new TeamFigures(
            group,
            (int)Offered,
            (int)Answered,
            (int)(Offered - Answered),
            (int)ShortAbandoned,
            (int)Blocked,
            counted <= 0 ? null : Math.Round((double)Answered / counted, 4),
            counted <= 0 ? null : Math.Round((double)WithinServiceLevel / counted, 4),
            Waits == 0 ? null : Math.Round((double)WaitedSeconds / Waits, 2),
            Percentile(WaitingSeconds, 0.5),
            Percentile(WaitingSeconds, 0.9),
            TalkingSeconds,
            Answered == 0 ? null : Math.Round((double)TalkingSeconds / Answered, 2),
            (int)Outbound,
            OutboundTalkingSeconds,
            (int)OutsideHours,
            (int)CallbacksOpened,
            ResolveSeconds.Count,
            Percentile(ResolveSeconds, 0.5));
    }

    /// <summary>Linear interpolation between closest ranks, as PostgreSQL's percentile_cont and spreadsheets compute it.</summary>
    private static double? Percentile(List<(double Value, long Count)> values, double p)
    {
        var count = values.Sum(v => v.Count);
        if (count == 0)
        {
            return null;
        }
        var sorted = values.OrderBy(v => v.Value).ToList();
        var rank = p * (count - 1);
        var lower = At((long)Math.Floor(rank));
        var upper = At((long)Math.Ceiling(rank));
        return Math.Round(lower + (upper - lower) * (rank - Math.Floor(rank)), 2);

        double At(long index)
        {
            foreach (var (value, times) in sorted)
            {
                if (index < times)
                {
                    return value;
                }
                index -= times;
            }
            return sorted[^1].Value;
        }
    }
}
