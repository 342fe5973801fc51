using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.Statistics;

/// <summary>The period, the breakdown and the filters of <c>GET /api/v1/stats</c>.</summary>
public sealed record StatisticsQuery
{
    public const string Hour = "hour";
    public const string Day = "day";
    public const string Week = "week";
    public const string Queue = "queue";
    public const string Agent = "agent";
    public const string AllHours = "all";
    public const string BusinessHours = "business";

    /// <summary>The longest period broken down by hour; other breakdowns may span ten years.</summary>
    public const int MaxHourlyDays = 400;
    public const int MaxDays = 3660;

    [FromQuery(Name = "since"), Description("From this instant; default: 24 hours back by hour, 30 days back by day, 12 weeks back by week (from local midnight in CallLog:TimeZone), the start of today by queue or agent")]
    public DateTimeOffset? Since { get; init; }

    [FromQuery(Name = "until"), Description("Up to this instant (exclusive); default: the end of the current quarter hour, so the calls of this very moment count")]
    public DateTimeOffset? Until { get; init; }

    [FromQuery(Name = "by"), Description("hour, day (default), week (buckets in CallLog:TimeZone), queue or agent")]
    public string? By { get; init; }

    [FromQuery(Name = "queue"), Description("Only calls of this queue")]
    public string? QueueFilter { get; init; }

    [FromQuery(Name = "agent"), Description("Only calls answered by this agent: a person's user name or a PBX name")]
    public string? AgentFilter { get; init; }

    [FromQuery(Name = "hours"), Description("all (default): every call; business: only calls that started inside Stats:BusinessHours (those outside are counted in outsideHours either way)")]
    public string? Hours { get; init; }

    public string Breakdown => By ?? Day;

    public bool ByTime => Breakdown is Hour or Day or Week;

    /// <summary>The period: since and until as given, or their defaults in <paramref name="zone"/>.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(DateTimeOffset now, TimeZoneInfo zone)
    {
        var end = (Until ?? Buckets.SlotStart(now.ToUnixTimeSeconds() / Buckets.SlotSeconds + 1)).ToUniversalTime();
        if (Since is { } since)
        {
            return (since.ToUniversalTime(), end);
        }
        var today = Buckets.StartOfDay(TimeZoneInfo.ConvertTime(end, zone).DateTime.Date, zone);
        var start = Breakdown switch
        {
            Day => Buckets.StartOfDay(TimeZoneInfo.ConvertTime(end, zone).DateTime.Date.AddDays(-30), zone),
            Week => Buckets.StartOfDay(TimeZoneInfo.ConvertTime(end, zone).DateTime.Date.AddDays(-7 * 12), zone),
            Hour => end.AddDays(-1),
            _ => today,
        };
        return (start.ToUniversalTime(), end);
    }

    /// <summary>Each field the service cannot answer for, with why; empty when the query is good.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now, TimeZoneInfo zone)
    {
        var errors = new Dictionary<string, string[]>();
        if (By is not (null or Hour or Day or Week or Queue or Agent))
        {
            errors["by"] = ["must be hour, day, week, queue or agent."];
        }
        if (Hours is not (null or AllHours or BusinessHours))
        {
            errors["hours"] = ["must be business or all."];
        }
        if (Until < DateTimeOffset.MinValue.AddDays(MaxDays + 1) || Since < DateTimeOffset.MinValue.AddDays(MaxDays + 1)
            || Until > DateTimeOffset.MaxValue.AddDays(-1) || Since > DateTimeOffset.MaxValue.AddDays(-1))
        {
            errors[Until is null ? "since" : "until"] = ["is outside any time a call could have."];
            return errors;
        }
        if (errors.ContainsKey("by"))
        {
            return errors;
        }
        var (start, end) = Window(now, zone);
        if (start >= end)
        {
            errors["since"] = ["must be before until."];
        }
        else if (Breakdown == Hour && (end - start).TotalDays > MaxHourlyDays)
        {
            errors["since"] = [$"must be at most {MaxHourlyDays} days before until when broken down by hour."];
        }
        else if ((end - start).TotalDays > MaxDays)
        {
            errors["since"] = [$"must be at most {MaxDays} days before until."];
        }
        return errors;
    }
}
