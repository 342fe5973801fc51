using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary>Who numbers belong to (names and organisations, for calls and the screen pop), in one look-up on the index over the normalised numbers.</summary>
public static class ContactCards
{
    /// <summary>Normalised number → its contacts' card; numbers the phonebook does not know are left out.</summary>
    public static async Task<IReadOnlyDictionary<string, ContactCard>> CardsForNumbersAsync(
        this CtiPushDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, ContactCard>();
        }
        var rows = await db.Set<ContactNumber>().AsNoTracking()
            .Where(n => wanted.Contains(n.Normalized))
            .Join(db.Set<Contact>(), n => n.ContactId, c => c.Id, (n, c) => new { n.Normalized, c.Id, c.Name, c.Organisation, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Normalized).ToDictionary(g => g.Key, g =>
        {
            var contacts = g.DistinctBy(r => r.Id).OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).ToList();
            var organisations = contacts.Select(c => c.Organisation).OfType<string>().Where(o => o.Length > 0).Distinct().ToList();
            return new ContactCard(ContactNames.Join([.. contacts.Select(c => c.Name)]),
                organisations.Count == 0 ? null : ContactNames.Join(organisations), contacts[0].Id);
        });
    }
}
