using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// A request the database could not serve — down, unreachable, timed out, shutting down, or one call changed by
/// too many writers at once — or that came in while the service stops, answers 503 with <c>Retry-After</c> instead of 500: nothing was stored, and a PBX
/// that retries should. Every route gets this, the push endpoint and the admin API alike.
/// </summary>
public sealed class DatabaseUnavailableHandler(
    IProblemDetailsService problems, Infrastructure.CtiPushMetrics metrics, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }
        metrics.DatabaseError();
        // The reason without the stack: an outage makes many of these, and the stack says nothing new.
        logger.LogWarning("Database unavailable for {Method} {Route}: {Reason}", context.Request.Method,
            context.GetEndpoint()?.DisplayName ?? "?", ReasonOf(exception));

        const string detail = "The database did not answer, so nothing was stored. Retry later.";
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = detail,
                Extensions = { ["error"] = detail, ["retryAfterSeconds"] = RetryAfterSeconds },
            },
        });
    }

    /// <summary>Whether <paramref name="exception"/>, or one it wraps, means the database cannot serve the request now.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED: the write lock was not had in time
                case TimeoutException:
                case System.Threading.Channels.ChannelClosedException: // the service is stopping: another instance, or this one once back, takes it
                case DbUpdateException conflict when conflict is DbUpdateConcurrencyException || conflict.IsUniqueViolation():
                    return true; // the last kind: still conflicting after every retry (ConflictRetry)
            }
        }
        return false;
    }

    /// <summary>What went wrong underneath: the innermost exception's message.</summary>
    public static string ReasonOf(Exception exception) => exception.InnerException is { } inner ? ReasonOf(inner) : exception.Message;
}
