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
        builder.Services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StatisticsOptions>, StatisticsOptionsValidator>();
        builder.Services.AddSingleton(services =>
            BusinessHours.Read(services.GetRequiredService<IOptions<StatisticsOptions>>().Value.BusinessHours).Hours ?? BusinessHours.Always);
        builder.Services.AddScoped<TeamStatisticsReader>();
        builder.Services.AddScoped<DaySummaries>();
        builder.Services.AddHostedService<QueueGauges>();
        builder.Services.AddHostedService<DaySummaryJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1").RequireRole(Roles.Viewer).WithTags("Statistics");
        stats.MapGet("/stats", Statistics).WithName("TeamStatistics")
            .WithSummary("Offered, answered, abandoned, service level, waiting and talking, per hour, day, week, queue or agent")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        StatisticsCsv.Map(stats);
        // The wallboard is a static page; it signs in with the browser's session or a token in its URL fragment.
        app.MapGet("/wallboard", (IWebHostEnvironment environment) =>
                TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, "wallboard.html"), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<TeamStatistics>, ProblemHttpResult>> Statistics(
        [AsParameters] StatisticsQuery query, [AsParameters] StatisticsServices services, CancellationToken cancellationToken)
    {
        var (statistics, errors) = await services.ReadAsync(query, cancellationToken);
        return statistics is null ? ProblemResults.Unprocessable(errors) : TypedResults.Ok(statistics);
    }
}
