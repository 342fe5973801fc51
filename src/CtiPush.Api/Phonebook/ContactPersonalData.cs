using CtiPush.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary>
/// The phonebook as personal data: contacts that hold the number, or mention it in their note. An erasure takes the
/// number (and its mentions) out; a contact left with no number is deleted, with the block entries that name it.
/// What depends on the contacts (the rules) is told first in the transaction and acts again after the commit, on
/// every instance, as for any change to the phonebook.
/// </summary>
internal sealed class ContactPersonalData(ContactDependents dependents) : IPersonalData
{
    public async Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken)
    {
        var ids = await ContactIdsAsync(scope, cancellationToken);
        var contacts = await scope.Db.Set<Contact>().AsNoTracking().Include(c => c.Numbers).Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
        export.Add("contacts", contacts.Select(ContactView.Of));
    }

    public async Task EraseAsync(PersonalDataScope scope, ErasureCounts counts)
    {
        var ids = await ContactIdsAsync(scope, CancellationToken.None);
        var afterCommit = await dependents.ChangingAsync(scope.Db, ids);
        scope.AfterCommit(afterCommit);
        var contacts = await scope.Db.Set<Contact>().Include(c => c.Numbers).Where(c => ids.Contains(c.Id)).ToListAsync();
        var deleted = 0;
        foreach (var contact in contacts)
        {
            contact.Numbers.RemoveAll(n => n.Normalized == scope.Number.Digits || scope.Number.IsNumber(n.Number));
            if (contact.Numbers.Count == 0)
            {
                scope.Db.Remove(contact); // the database removes the block entries that name it (ON DELETE CASCADE)
                deleted++;
                continue;
            }
            if (contact.Note is { } note)
            {
                contact.Note = scope.Number.Scrub(note);
            }
            contact.UpdatedAt = scope.Now;
        }
        counts.Add("contacts", contacts.Count - deleted);
        counts.Add("contactsDeleted", deleted);
    }

    private static async Task<List<long>> ContactIdsAsync(PersonalDataScope scope, CancellationToken cancellationToken)
    {
        var digits = scope.Number.Digits;
        var holding = await scope.Db.Set<ContactNumber>().Where(n => n.Normalized == digits).Select(n => n.ContactId).ToListAsync(cancellationToken);
        // A note may write the number any way: read whole.
        var notes = await scope.Db.Set<Contact>().AsNoTracking().Where(c => c.Note != null).Select(c => new { c.Id, c.Note }).ToListAsync(cancellationToken);
        return [.. holding.Concat(notes.Where(c => scope.Number.Mentions(c.Note)).Select(c => c.Id)).Distinct()];
    }
}
