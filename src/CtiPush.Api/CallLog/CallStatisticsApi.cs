using CtiPush.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary><c>GET /api/v1/stats</c>: figures per hour or day, and per queue.</summary>
public static class CallStatisticsApi
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/stats", Statistics).WithTags("Calls").WithName("CallStatistics")
            .WithSummary("Per hour or day, and per queue: inbound, outbound, answered, missed, answer rate, waiting, talking");

    private static async Task<Results<Ok<CallStatistics>, ValidationProblem>> Statistics(
        DateTimeOffset? since, DateTimeOffset? until, string? bucket, CtiPushDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        bucket ??= "hour";
        Func<DateTimeOffset, DateTimeOffset> bucketOf = bucket == "day"
            ? t => new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero)
            : t => new DateTimeOffset(t.UtcDateTime.Date.AddHours(t.UtcDateTime.Hour), TimeSpan.Zero);
        var errors = new Dictionary<string, string[]>();
        if (until < DateTimeOffset.MinValue.AddDays(31) || since < DateTimeOffset.MinValue.AddDays(1))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["is before any call could be."] });
        }
        // By default up to the end of the current bucket, so the calls of this very moment count.
        var end = until?.ToUniversalTime() ?? bucketOf(time.GetUtcNow()).Add(bucket == "day" ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
        var start = since?.ToUniversalTime() ?? (bucket == "day" ? end.AddDays(-30) : end.AddDays(-1));
        if (bucket is not ("hour" or "day"))
        {
            errors["bucket"] = ["must be hour or day."];
        }
        if (start >= end)
        {
            errors["since"] = ["must be before until."];
        }
        else if ((end - start).TotalDays > 400)
        {
            errors["since"] = ["must be at most 400 days before until."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var facts = await db.Set<Call>().AsNoTracking()
            .Where(c => c.StartedAt >= start && c.StartedAt < end)
            .Select(c => new CallFacts(c.StartedAt, c.Direction, c.Queue, c.State, c.AnsweredAt != null, c.AnsweredBy, c.Cause, c.WaitingSeconds, c.TalkingSeconds))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CallStatistics(start, end, bucket, StatisticsCalculator.Calculate(facts, bucketOf)));
    }
}
