namespace CtiPush.Phonebook;

/// <summary>What became of one data row of an imported file (row 1 is the first after the header).</summary>
public sealed record ImportRow(int Row, string Status, long? ContactId, string? Reason);
