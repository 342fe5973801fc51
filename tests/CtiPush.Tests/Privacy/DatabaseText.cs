using System.Data.Common;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Privacy;

/// <summary>Every value of every column of every table, as text, read from the schema itself: nothing can hide in a table the test does not know.</summary>
public static class DatabaseText
{
    /// <summary>
    /// Each value that holds <paramref name="digits"/> once number formatting (space, <c>- / . ( )</c>) is taken out,
    /// as <c>table.column: value</c>.
    /// </summary>
    public static Task<List<string>> Holding(CtiPushApp app, string digits) => app.InDatabase(async db =>
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var sqlite = db.Database.IsSqlite();
        var columns = new List<(string Table, string Column)>();
        if (sqlite)
        {
            foreach (var table in await Read(connection, "SELECT name FROM sqlite_master WHERE type = 'table'"))
            {
                columns.AddRange((await Read(connection, $"SELECT name FROM pragma_table_info('{table}')")).Select(column => (table, column)));
            }
        }
        else
        {
            var rows = await Read(connection, "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema()");
            columns.AddRange(rows.Select(row => row.Split('.', 2)).Select(parts => (parts[0], parts[1])));
        }
        Assert.True(columns.Count > 50, $"the schema reads as only {columns.Count} columns");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            foreach (var value in await Read(connection, $"SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\""))
            {
                if (Strip(value).Contains(digits, StringComparison.Ordinal))
                {
                    found.Add($"{table}.{column}: {value}");
                }
            }
        }
        return found;
    });

    private static string Strip(string value) => new([.. value.Where(c => c is not (' ' or '-' or '/' or '.' or '(' or ')'))]);

    private static async Task<List<string>> Read(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(0))
            {
                values.Add(reader.GetValue(0).ToString() ?? "");
            }
        }
        return values;
    }
}
