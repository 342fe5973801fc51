using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary>
/// The names the phonebook has for numbers, as it is now: read when calls are shown, not stored on them, so a
/// contact added or renamed after a call names that call too. One indexed look-up for a whole page of calls.
/// </summary>
public static class ContactNames
{
    /// <summary>More names than this for one number are counted, not listed.</summary>
    public const int MaxNamesPerNumber = 5;

    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>Normalised number → its contacts' names, the most recently updated first (<c>Anna Berg, Berg GmbH</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ForNumbersAsync(
        this CtiPushDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return None;
        }
        var rows = await db.Set<ContactNumber>().AsNoTracking()
            .Where(n => wanted.Contains(n.Normalized))
            .Join(db.Set<Contact>(), n => n.ContactId, c => c.Id, (n, c) => new { n.Normalized, c.Id, c.Name, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Normalized).ToDictionary(g => g.Key, g => Join(
            [.. g.DistinctBy(r => r.Id).OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Select(r => r.Name)]));
    }

    private static string Join(IReadOnlyList<string> names) => names.Count <= MaxNamesPerNumber
        ? string.Join(", ", names)
        : $"{string.Join(", ", names.Take(MaxNamesPerNumber))} and {names.Count - MaxNamesPerNumber} more";
}
