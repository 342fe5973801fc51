using CtiPush.Data;

namespace CtiPush.Phonebook;

/// <summary>
/// A feature that holds on to contacts by id (the rules block a contact's numbers) and must hear of their changes.
/// Owned here, implemented there, so the phonebook knows no feature that uses it.
/// </summary>
public interface IContactDependent
{
    /// <summary>
    /// Called first within the change's transaction, so whatever it locks is locked in one order by every change.
    /// </summary>
    /// <returns>What to do once the change is committed, or null when nothing here depends on these contacts.</returns>
    Task<Func<Task>?> ContactsChangingAsync(CtiPushDbContext db, IReadOnlyCollection<long> contactIds);
}
