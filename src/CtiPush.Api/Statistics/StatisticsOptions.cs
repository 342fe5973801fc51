namespace CtiPush.Statistics;

/// <summary>Section <c>Stats</c>: the thresholds of the team's figures (see the glossary in <see cref="TeamFigures"/>) and the business hours.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Stats";

    /// <summary>A caller who hangs up within this many seconds is a short abandon: reported, left out of answer rate and service level.</summary>
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>Service level: the share of calls answered within this many seconds.</summary>
    public int ServiceLevelSeconds { get; set; } = 20;

    /// <summary>
    /// Whether settled days are read from their sums (<see cref="DaySummaries"/>) instead of from every call: the same
    /// figures, a year of them in a fraction of the time. Off: always from the calls.
    /// </summary>
    public bool DaySummaries { get; set; } = true;

    /// <summary>When the team takes calls; none: always.</summary>
    public BusinessHoursOptions? BusinessHours { get; set; }

    public bool IsValid() => ShortAbandonSeconds is >= 0 and <= 3600 && ServiceLevelSeconds is >= 1 and <= 3600;
}
