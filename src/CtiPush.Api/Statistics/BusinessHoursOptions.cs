namespace CtiPush.Statistics;

/// <summary>
/// Section <c>Stats:BusinessHours</c>, in <c>CallLog:TimeZone</c>: the team's weekly hours (<see cref="All"/>), a
/// queue's own week instead (<see cref="Queues"/>), and dates closed all day (<see cref="Closed"/>). A week maps day
/// names to ranges, <c>"Monday": "08:00-12:00, 13:00-17:30"</c>; a day not named is closed.
/// Nothing set: always open.
/// </summary>
public sealed class BusinessHoursOptions
{
    /// <summary>The week of every queue without one of its own; none: those queues are always open.</summary>
    public Dictionary<string, string>? All { get; set; }

    /// <summary>Per queue (as the PBX names it), a week that replaces <see cref="All"/> for its calls.</summary>
    public Dictionary<string, Dictionary<string, string>> Queues { get; set; } = [];

    /// <summary>Dates (<c>2026-12-24</c>) closed all day, for every queue.</summary>
    public List<string> Closed { get; set; } = [];
}
