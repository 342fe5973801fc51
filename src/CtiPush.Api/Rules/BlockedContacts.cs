using CtiPush.Data;
using CtiPush.Phonebook;

namespace CtiPush.Rules;

/// <summary>A block entry may name a contact: a change to that contact's numbers is a change to the rules.</summary>
internal sealed class BlockedContacts(RuleBook rules) : IContactDependent
{
    public async Task<Func<Task>?> ContactsChangingAsync(CtiPushDbContext db, IReadOnlyCollection<long> contactIds) =>
        await RuleBook.MarkChangedIfBlockedAsync(db, contactIds) ? rules.AfterChangeAsync : null;
}
