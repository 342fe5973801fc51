using CtiPush.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace CtiPush.Phonebook;

/// <summary>
/// One change to the phonebook, all or nothing. What depends on the contacts it touches is told first within the
/// transaction (<see cref="ContactsChangingAsync"/>), so whatever that locks is locked in one order by every change,
/// and acts again once the change is committed.
/// </summary>
internal sealed class ContactChange(CtiPushDbContext db, ContactDependents dependents, IDbContextTransaction transaction) : IAsyncDisposable
{
    private Func<Task> afterCommit = () => Task.CompletedTask;

    public static async Task<ContactChange> BeginAsync(CtiPushDbContext db, ContactDependents dependents, CancellationToken cancellationToken = default) =>
        new(db, dependents, await db.Database.BeginTransactionAsync(cancellationToken));

    public async Task ContactsChangingAsync(IReadOnlyCollection<long> contactIds) => afterCommit = await dependents.ChangingAsync(db, contactIds);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await afterCommit();
    }

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
