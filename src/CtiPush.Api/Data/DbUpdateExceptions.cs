using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CtiPush.Data;

public static class DbUpdateExceptions
{
    private const int SqliteConstraintUnique = 2067;

    /// <summary>True when a unique index refused the row: someone else inserted it first, so read and retry.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => IsUniqueViolation(exception.InnerException);

    /// <summary>The same for a statement written by hand, whose failure comes from the provider itself.</summary>
    public static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteConstraintUnique,
        _ => false,
    };
}
