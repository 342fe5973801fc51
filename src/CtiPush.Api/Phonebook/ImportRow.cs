namespace CtiPush.Phonebook;

/// <summary>A rejected data row of an imported file (row 1 is the first after the header), with the reason.</summary>
public sealed record ImportRow(int Row, string Status, long? ContactId, string? Reason);
