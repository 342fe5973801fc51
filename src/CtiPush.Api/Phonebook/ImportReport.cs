namespace CtiPush.Phonebook;

public sealed record ImportReport(int Imported, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportRow> Rows);
