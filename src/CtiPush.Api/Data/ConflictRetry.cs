using Microsoft.EntityFrameworkCore;

namespace CtiPush.Data;

public static class ConflictRetry
{
    public const int MaxAttempts = 10;

    /// <summary>
    /// Runs a read-change-save against the database again when another writer got there first (a row version
    /// that moved, a unique index that refused a row, or a deadlock PostgreSQL broke by ending this transaction): the
    /// tracker is cleared and the rows are read afresh.
    /// </summary>
    /// <param name="attempt">receives the attempt's number, from 1</param>
    public static async Task<T> RetryOnConflictAsync<T>(this DbContext db, Func<int, Task<T>> attempt)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (Exception conflict) when (number < MaxAttempts && IsConflict(conflict))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Whether another writer got there first: what <see cref="RetryOnConflictAsync"/> tries again.</summary>
    public static bool IsConflict(Exception failure) =>
        failure is DbUpdateConcurrencyException || (failure is DbUpdateException refused && refused.IsUniqueViolation()) || DbUpdateExceptions.IsDeadlock(failure);
}
