using System.Data.Common;
using System.Text;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CtiPush.Phonebook;

/// <summary>
/// Writes an import batch's new contacts and their numbers with multi-row <c>INSERT</c>s, where EF Core writes each
/// added row with a statement of its own (on SQLite it cannot batch them): a batch holds the database's write lock
/// while it writes — on SQLite the only one, which the PBXs' events wait for —, and two thousand statements held it
/// for most of a second. Tables, columns and value conversions come from the model, so each provider gets the values
/// EF Core would write.
/// </summary>
internal static class NewContacts
{
    /// <summary>
    /// Rows per statement on SQLite: a hundred parameters, as Microsoft.Data.Sqlite binds each parameter by looking
    /// its name up among all the statement's (the cost grows with the square of their number). On PostgreSQL each
    /// statement is a round trip and many parameters cost nothing extra: a whole batch (4,000 parameters of 65,535).
    /// </summary>
    private const int SqliteRowsPerStatement = 25;

    /// <summary>Inserts <paramref name="contacts"/> (names distinct) and their numbers, within the current transaction.</summary>
    /// <returns>The new contacts' ids by name.</returns>
    public static async Task<Dictionary<string, long>> InsertAsync(CtiPushDbContext db, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (contacts.Count == 0)
        {
            return ids;
        }
        var rowsPerStatement = db.Database.IsSqlite() ? SqliteRowsPerStatement : ContactImporter.BatchRows;
        var contact = db.Model.FindEntityType(typeof(Contact))!;
        foreach (var chunk in contacts.Chunk(rowsPerStatement))
        {
            await using var insert = Insert(db, contact, [nameof(Contact.Name), nameof(Contact.Organisation), nameof(Contact.Note), nameof(Contact.UpdatedAt)],
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
            await using var insert = Insert(db, number, [nameof(ContactNumber.ContactId), nameof(ContactNumber.Number), nameof(ContactNumber.Normalized), nameof(ContactNumber.Label)],
                chunk, returning: []);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return ids;
    }

    /// <summary><c>INSERT INTO table (columns) VALUES (…), (…) [RETURNING …]</c>, each value a parameter typed by the model.</summary>
    private static DbCommand Insert(CtiPushDbContext db, IEntityType entity, string[] properties, IReadOnlyList<object?[]> rows, string[] returning)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = properties.Select(name => entity.FindProperty(name)!).ToArray();
        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table)!);

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (").AppendJoin(", ", columns.Select(Column)).Append(") VALUES ");
        for (var row = 0; row < rows.Count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Length; column++)
            {
                var name = $"p{(row * columns.Length) + column}";
                command.Parameters.Add(columns[column].GetRelationalTypeMapping()
                    .CreateParameter(command, sql.GenerateParameterName(name), rows[row][column], columns[column].IsNullable));
                text.Append(column == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
            }
            text.Append(')');
        }
        if (returning.Length > 0)
        {
            text.Append(" RETURNING ").AppendJoin(", ", returning.Select(name => Column(entity.FindProperty(name)!)));
        }
        command.CommandText = text.ToString();
        return command;
    }
}
