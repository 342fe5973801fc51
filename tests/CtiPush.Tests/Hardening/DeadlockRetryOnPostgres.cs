using CtiPush.Data;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Hardening;

/// <summary>
/// Two writers that lock the same rows in opposite orders, as two instances' batches can: PostgreSQL ends one
/// transaction to break the deadlock, and <see cref="ConflictRetry"/> tries it again instead of failing the PBX's post.
/// </summary>
public sealed class DeadlockRetryOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_transaction_ended_by_a_deadlock_is_tried_again_and_both_writers_finish()
    {
        var table = "deadlock_" + Guid.NewGuid().ToString("N")[..8];
        var create = $"CREATE TABLE {table} (id int PRIMARY KEY, n int NOT NULL); INSERT INTO {table} VALUES (1, 0), (2, 0)";
        await app.InDatabase(db => db.Database.ExecuteSqlRawAsync(create));
        var attempts = new int[2];
        var arrived = 0;
        var bothHoldTheirFirstRow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var oneCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Write(int writer, int first, int second)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
            await db.RetryOnConflictAsync(async attempt =>
            {
                attempts[writer] = attempt;
                if (attempt > 1)
                {
                    // The survivor, woken when the victim's row lock goes, must still take that row; a retry at once can
                    // take it first and deadlock again (seen in CI: attempts 1 and 3). After the survivor's commit, it cannot.
                    await oneCommitted.Task.WaitAsync(TimeSpan.FromSeconds(30));
                }
                await using var transaction = await db.Database.BeginTransactionAsync();
                var lockFirst = $"UPDATE {table} SET n = n + 1 WHERE id = {first}";
                await db.Database.ExecuteSqlRawAsync(lockFirst);
                if (attempt == 1 && Interlocked.Increment(ref arrived) == 2)
                {
                    bothHoldTheirFirstRow.SetResult();
                }
                await bothHoldTheirFirstRow.Task.WaitAsync(TimeSpan.FromSeconds(30));
                var lockSecond = $"UPDATE {table} SET n = n + 1 WHERE id = {second}";
                await db.Database.ExecuteSqlRawAsync(lockSecond);
                await transaction.CommitAsync();
                oneCommitted.TrySetResult();
                return 0;
            });
        }

        await Task.WhenAll(Write(0, 1, 2), Write(1, 2, 1)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([1, 2], attempts.Order()); // one of them was the deadlock's victim, and tried once more
        var counts = $"SELECT n AS \"Value\" FROM {table} ORDER BY id";
        Assert.Equal([2, 2], await app.InDatabase(db => db.Database.SqlQueryRaw<int>(counts).ToListAsync())); // each row once by each, none lost
    }
}
