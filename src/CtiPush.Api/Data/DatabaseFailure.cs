using Microsoft.Data.Sqlite;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// Tells a database that cannot serve now — down, unreachable, timed out, locked, shutting down, or one row changed
/// by too many writers at once — from any other failure: the first is retried, the second is a bug.
/// </summary>
public static class DatabaseFailure
{
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
                case var conflict when ConflictRetry.IsConflict(conflict):
                    return true; // the last kind: still conflicting after every retry
            }
        }
        return false;
    }

    /// <summary>What went wrong underneath: the innermost exception's message.</summary>
    public static string ReasonOf(Exception exception) => exception.InnerException is { } inner ? ReasonOf(inner) : exception.Message;
}
