using CtiPush.Numbers;

namespace CtiPush.Phonebook;

public sealed record ContactView(long Id, string Name, string? Organisation, IReadOnlyList<ContactNumberView> Numbers, string? Note, DateTimeOffset UpdatedAt)
{
    public static ContactView Of(Contact contact) => new(contact.Id, contact.Name, contact.Organisation,
        [.. contact.Numbers.OrderBy(n => n.Id).Select(n => new ContactNumberView(n.Number, n.Normalized, PhoneNumberNormalizer.Display(n.Normalized), n.Label))],
        contact.Note, contact.UpdatedAt);
}
