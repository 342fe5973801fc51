using CtiPush.Data;
using CtiPush.People;
using Microsoft.EntityFrameworkCore.Storage;

namespace CtiPush.Phonebook;

/// <summary>
/// One change to the phonebook, all or nothing. What depends on the contacts it touches is told first within the
/// transaction (<see cref="ContactsChangingAsync"/>), so whatever that locks is locked in one order by every change,
/// and acts again once the change is committed.
/// </summary>
internal sealed class ContactChange(CtiPushDbContext db, ContactDependents dependents, AuditLog audit, IDbContextTransaction transaction) : IAsyncDisposable
{
    private Func<Task> afterCommit = () => Task.CompletedTask;

    public static async Task<ContactChange> BeginAsync(CtiPushDbContext db, ContactDependents dependents, AuditLog audit, CancellationToken cancellationToken = default) =>
        new(db, dependents, audit, await db.Database.BeginTransactionAsync(cancellationToken));

    public async Task ContactsChangingAsync(IReadOnlyCollection<long> contactIds) => afterCommit = await dependents.ChangingAsync(db, contactIds);

    /// <summary>Commits, recording <paramref name="action"/> on <paramref name="target"/> and who did it in the audit list.</summary>
    public async Task CommitAsync(string action, string target, CancellationToken cancellationToken = default)
    {
        audit.Record(action, target);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await afterCommit();
    }

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
