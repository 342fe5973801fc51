using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.CallLog;

/// <summary>The window and the buckets of the statistics.</summary>
public sealed record StatisticsQuery
{
    public const string Hour = "hour";
    public const string Day = "day";

    [FromQuery(Name = "since"), Description("From this time; default: a day before until (30 days with bucket=day)")] public DateTimeOffset? Since { get; init; }
    [FromQuery(Name = "until"), Description("Up to this time; default: the end of the current hour or day")] public DateTimeOffset? Until { get; init; }
    [FromQuery(Name = "bucket"), Description("hour (default) or day"), AllowedValues(Hour, Day, null, ErrorMessage = "must be hour or day.")] public string? Bucket { get; init; }

    public string BucketName() => Bucket ?? Hour;

    /// <summary>The start of the bucket (UTC hour or day) <paramref name="time"/> falls in.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset time) => BucketName() == Day
        ? new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero)
        : new DateTimeOffset(time.UtcDateTime.Date.AddHours(time.UtcDateTime.Hour), TimeSpan.Zero);

    /// <summary>From <see cref="Since"/> to <see cref="Until"/>, by default up to the end of the current bucket, so the calls of this very moment count.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(DateTimeOffset now)
    {
        var end = Until?.ToUniversalTime() ?? BucketOf(now).Add(BucketName() == Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
        return (Since?.ToUniversalTime() ?? (BucketName() == Day ? end.AddDays(-30) : end.AddDays(-1)), end);
    }

    /// <summary>What the annotations cannot check: a window that can hold calls, at most 400 days long. Empty when the query is good.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        if (Until < DateTimeOffset.MinValue.AddDays(31) || Since < DateTimeOffset.MinValue.AddDays(1))
        {
            return new() { ["until"] = ["is before any call could be."] };
        }
        var (start, end) = Window(now);
        return start >= end ? new() { ["since"] = ["must be before until."] }
            : (end - start).TotalDays > 400 ? new() { ["since"] = ["must be at most 400 days before until."] }
            : [];
    }
}
