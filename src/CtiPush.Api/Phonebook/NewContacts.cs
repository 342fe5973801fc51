using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary>
/// Writes an import batch's new contacts and their numbers with multi-row <c>INSERT</c>s, where EF Core writes each
/// added row with a statement of its own (on SQLite it cannot batch them): a batch holds the database's write lock
/// while it writes — on SQLite the only one, which the PBXs' events wait for —, and two thousand statements held it
/// for most of a second (<see cref="ModelRows"/>).
/// </summary>
internal static class NewContacts
{
    /// <summary>Inserts <paramref name="contacts"/> (names distinct) and their numbers, within the current transaction.</summary>
    /// <returns>The new contacts' ids by name.</returns>
    public static async Task<Dictionary<string, long>> InsertAsync(CtiPushDbContext db, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (contacts.Count == 0)
        {
            return ids;
        }
        // On PostgreSQL a whole batch a statement (4,000 parameters of 65,535).
        var rowsPerStatement = ModelRows.RowsPerStatement(db, columns: 4, ContactImporter.BatchRows);
        var contact = db.Model.FindEntityType(typeof(Contact))!;
        foreach (var chunk in contacts.Chunk(rowsPerStatement))
        {
            await using var insert = ModelRows.Insert(db, contact, [nameof(Contact.Name), nameof(Contact.Organisation), nameof(Contact.Note), nameof(Contact.UpdatedAt)],
                [.. chunk.Select(c => new object?[] { c.Name, c.Organisation, c.Note, c.UpdatedAt })], returning: [nameof(Contact.Id), nameof(Contact.Name)]);
            await using var created = await insert.ExecuteReaderAsync(cancellationToken);
            while (await created.ReadAsync(cancellationToken))
            {
                ids[created.GetString(1)] = created.GetInt64(0);
            }
        }

        var number = db.Model.FindEntityType(typeof(ContactNumber))!;
        foreach (var chunk in contacts.SelectMany(c => c.Numbers.Select(n => new object?[] { ids[c.Name], n.Number, n.Normalized, n.Label })).Chunk(rowsPerStatement))
        {
            await using var insert = ModelRows.Insert(db, number, [nameof(ContactNumber.ContactId), nameof(ContactNumber.Number), nameof(ContactNumber.Normalized), nameof(ContactNumber.Label)],
                chunk, returning: []);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return ids;
    }
}
