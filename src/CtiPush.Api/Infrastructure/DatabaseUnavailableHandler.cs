using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics;
using CtiPush.Data;

namespace CtiPush.Infrastructure;

/// <summary>
/// A request the database could not serve — down, unreachable, timed out, shutting down, or one call changed by
/// too many writers at once — or that came in while the service stops, answers 503 with <c>Retry-After</c> instead of 500: nothing was stored, and a PBX
/// that retries should. Every route gets this, the push endpoint and the admin API alike.
/// </summary>
public sealed class DatabaseUnavailableHandler(IMeterFactory meters, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    private readonly Counter<long> databaseErrors = meters.Create(Metrics.MeterName)
        .CreateCounter<long>("ctipush.database.errors", "{error}", "Requests the database could not serve (answered 503)");

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailure.IsUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }
        databaseErrors.Add(1);
        // The reason without the stack: an outage makes many of these, and the stack says nothing new.
        logger.LogWarning("Database unavailable for {Method} {Route}: {Reason}", context.Request.Method,
            context.GetEndpoint()?.DisplayName ?? "?", DatabaseFailure.ReasonOf(exception));

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Database unavailable",
            detail: "The database did not answer, so nothing was stored. Retry later.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }).ExecuteAsync(context);
        return true;
    }
}
