namespace CtiPush.Phonebook;

public sealed record ContactRequest(
    string? Name,
    string? Organisation = null,
    IReadOnlyList<ContactNumberRequest>? Numbers = null,
    string? Note = null);
