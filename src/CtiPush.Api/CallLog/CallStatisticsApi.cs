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
        [AsParameters] StatisticsQuery query, CtiPushDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (query.Validate(now) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (start, end) = query.Window(now);
        var facts = await db.Set<Call>().AsNoTracking()
            .Where(c => c.StartedAt >= start && c.StartedAt < end)
            .Select(c => new CallFacts(c.StartedAt, c.Direction, c.Queue, c.State, c.AnsweredAt != null, c.AnsweredBy, c.Cause, c.WaitingSeconds, c.TalkingSeconds))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CallStatistics(start, end, query.BucketName(), StatisticsCalculator.Calculate(facts, query.BucketOf)));
    }
}
