namespace CtiPush.Phonebook;

/// <summary>Contacts in name order; <see cref="Total"/> counts all that match.</summary>
public sealed record ContactPage(IReadOnlyList<ContactView> Items, int Total);
