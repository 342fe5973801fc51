using System.ComponentModel;
using CtiPush.Numbers;

namespace CtiPush.Phonebook;

public sealed record ContactNumberRequest(
    [property: Description("In any format: +49 30 53 00 00 000, 030/53000000, 0049 1234 123456789, 4930530000000")] string? Number,
    [property: Description("phone (default), mobile, fax or other")] string? Label = null);

public sealed record ContactRequest(
    string? Name,
    string? Organisation = null,
    IReadOnlyList<ContactNumberRequest>? Numbers = null,
    string? Note = null);

public sealed record ContactNumberView(
    [property: Description("As written")] string Number,
    [property: Description("E.164 digits, as calls carry them")] string Normalized,
    [property: Description("For people: +49 30 53000000")] string? Display,
    NumberLabel Label);

public sealed record ContactView(long Id, string Name, string? Organisation, IReadOnlyList<ContactNumberView> Numbers, string? Note, DateTimeOffset UpdatedAt)
{
    public static ContactView Of(Contact contact) => new(contact.Id, contact.Name, contact.Organisation,
        [.. contact.Numbers.OrderBy(n => n.Id).Select(n => new ContactNumberView(n.Number, n.Normalized, PhoneNumberNormalizer.Display(n.Normalized), n.Label))],
        contact.Note, contact.UpdatedAt);
}

/// <summary>Contacts in name order; <see cref="Total"/> counts all that match.</summary>
public sealed record ContactPage(IReadOnlyList<ContactView> Items, int Total);

public enum ImportStatus
{
    Imported,
    Updated,
    Unchanged,
    Rejected,
}

/// <summary>What became of one data row of an imported file (row 1 is the first after the header).</summary>
public sealed record ImportRow(int Row, string Status, long? ContactId, string? Reason);

public sealed record ImportReport(int Imported, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportRow> Rows);
