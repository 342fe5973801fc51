namespace CtiPush.Phonebook;

/// <summary>
/// What an import did: how many rows it imported (a new contact), updated, found unchanged and rejected, and in
/// <see cref="Rows"/> the first <see cref="ContactImporter.ListedRows"/> rejected rows with the reason (the rest of
/// them only counted). The rows imported, updated or unchanged are only counted, so the report of a large file stays small.
/// </summary>
public sealed record ImportReport(int Imported, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportRow> Rows);
