namespace CtiPush.Statistics;

/// <summary>
/// A settled local day whose calls are summed up in <see cref="DaySummaryRow"/>s, so a year of figures reads a few
/// thousand sums instead of every call. Made under one <see cref="Fingerprint"/> (time zone and business hours);
/// removed by the database itself (a trigger on <c>calls</c>) as soon as a call of the day changes, is added late or
/// is deleted, and made again when next asked for. See <see cref="DaySummaries"/>.
/// </summary>
public sealed class DaySummary
{
    public long Id { get; set; }

    /// <summary>The settings the day was summed up under; a summary made under others is not used.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>The local day, as days since 1970-01-01.</summary>
    public int LocalDay { get; set; }

    /// <summary>Its first instant and the next day's, in UTC: what the trigger matches a changed call's start against.</summary>
    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>
/// The calls of one <see cref="DaySummary"/> that count alike: per <see cref="Unit"/> (<c>all</c> and <c>queue</c>
/// count a journey once, <c>agent</c> each leg a person answered), queue, agent, inside or outside business hours,
/// and kind; with their talking seconds and, for answered and abandoned calls, their waits second by second.
/// </summary>
public sealed class DaySummaryRow
{
    public const string AllUnit = "all";
    public const string QueueUnit = "queue";
    public const string AgentUnit = "agent";

    public long Id { get; set; }
    public long DaySummaryId { get; set; }
    public string Unit { get; set; } = "";
    public string? Queue { get; set; }

    /// <summary>Who answered, as the PBX named it (agent unit only).</summary>
    public string? Agent { get; set; }

    public bool Inside { get; set; }
    public int Kind { get; set; }
    public long Calls { get; set; }
    public long InboundTalkingSeconds { get; set; }
    public long TalkingSeconds { get; set; }

    /// <summary>"seconds:calls" pairs, space-separated; the calls without a wait are the rest of <see cref="Calls"/>.</summary>
    public string? Waits { get; set; }
}
