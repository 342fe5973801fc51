using CtiPush.Data;

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
        this CtiPushDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken) =>
        (await db.CardsForNumbersAsync(numbers, cancellationToken)).ToDictionary(card => card.Key, card => card.Value.Name);

    /// <summary>Up to five names, then how many more.</summary>
    public static string Join(IReadOnlyList<string> names) => names.Count <= MaxNamesPerNumber
        ? string.Join(", ", names)
        : $"{string.Join(", ", names.Take(MaxNamesPerNumber))} and {names.Count - MaxNamesPerNumber} more";
}
