using CtiPush.Infrastructure;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CtiPush.Statistics;

/// <summary>
/// The team's statistics: <c>GET /api/v1/stats</c>, figures per hour, day, week, queue or agent, computed by the
/// database. A feature of its own: it reads the call log, the callbacks and the people; nothing uses it.
/// </summary>
public static class StatisticsApi
{
    public static IHostApplicationBuilder AddStatistics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.Section)
            .Validate(options => options.IsValid(), "Stats:ShortAbandonSeconds must be 0 to 3600 and Stats:ServiceLevelSeconds 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddScoped<TeamStatisticsReader>();
        builder.Services.AddHostedService<QueueGauges>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").RequireRole(Roles.Viewer).WithTags("Statistics")
            .MapGet("/stats", Statistics).WithName("TeamStatistics")
            .WithSummary("Offered, answered, abandoned, service level, waiting and talking, per hour, day, week, queue or agent")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        // The wallboard is a static page; it signs in with the browser's session or a token in its URL fragment.
        app.MapGet("/wallboard", (IWebHostEnvironment environment) =>
                TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, "wallboard.html"), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<TeamStatistics>, ProblemHttpResult>> Statistics(
        [AsParameters] StatisticsQuery query, TeamStatisticsReader reader, TimeProvider time,
        IOptions<DisplayOptions> display, IOptions<StatisticsOptions> options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(display.Value.TimeZone);
        if (query.Validate(now, zone) is { Count: > 0 } errors)
        {
            return ProblemResults.Unprocessable(errors);
        }
        var (start, end) = query.Window(now, zone);
        return TypedResults.Ok(await reader.ReadAsync(query, start, end, zone, options.Value, cancellationToken));
    }
}
