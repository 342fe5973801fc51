using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CtiPush.Data;

public static class DbUpdateExceptions
{
    private const int SqliteConstraintUnique = 2067;

    /// <summary>True when a unique index refused the row: someone else inserted it first, so read and retry.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => IsUniqueViolation(exception.InnerException);

    /// <summary>
    /// True when PostgreSQL ended the transaction to break a deadlock (two writers locking the same rows in opposite
    /// orders): the other goes on, and this one, tried again, waits for it. Its own statements fail with it directly,
    /// EF Core's inside a <see cref="DbUpdateException"/>.
    /// </summary>
    public static bool IsDeadlock(Exception? exception) => exception switch
    {
        null => false,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.DeadlockDetected,
        _ => IsDeadlock(exception.InnerException),
    };

    /// <summary>The same for a statement written by hand, whose failure comes from the provider itself.</summary>
    public static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteConstraintUnique,
        _ => false,
    };
}
