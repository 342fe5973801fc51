namespace CtiPush.Phonebook;

/// <summary>Who a number belongs to, as the phonebook has it now: the names and organisations of its contacts.</summary>
/// <param name="Name">the contacts' names, the most recently updated first, as calls are named (<see cref="ContactNames"/>)</param>
/// <param name="Organisation">their organisations in the same order, each once; null when none has one</param>
/// <param name="ContactId">the most recently updated contact</param>
public sealed record ContactCard(string Name, string? Organisation, long ContactId);
