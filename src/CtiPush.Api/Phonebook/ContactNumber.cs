using CtiPush.Core;

namespace CtiPush.Phonebook;

/// <summary>One number of a contact. <see cref="Normalized"/> is what calls are matched on (E.164 digits, as on calls).</summary>
public sealed class ContactNumber
{
    public long Id { get; private set; }
    public long ContactId { get; private set; }

    /// <summary>As the admin wrote it.</summary>
    public string Number { get; set; } = "";
    public string Normalized { get; set; } = "";
    public NumberLabel Label { get; set; }

    /// <summary>A label as the API and CSV files give it: empty is phone; the four names in any case; anything else null.</summary>
    public static NumberLabel? ParseLabel(string? text) =>
        string.IsNullOrWhiteSpace(text) ? NumberLabel.Phone : WireName<NumberLabel>.ParseLenient(text);
}
