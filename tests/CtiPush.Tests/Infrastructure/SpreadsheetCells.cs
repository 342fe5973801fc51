using System.Text;
using CsvHelper;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The cells a spreadsheet may make of a CSV file, splitting on <c>,</c> or on <c>;</c> (a German Excel or
/// LibreOffice opens a comma-separated file with <c>;</c>): plainly, ignoring quotes; as RFC 4180 reads quotes
/// (CsvHelper, recovering from quotes out of place); and as Excel reads them, where every quote opens or closes
/// a quoted stretch wherever it stands.
/// </summary>
public static class SpreadsheetCells
{
    private static readonly char[] Separators = [',', ';'];

    /// <summary>The records of a comma-separated file as RFC 4180 reads it (the header first).</summary>
    public static List<string[]> Rows(string csv)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',', HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        return rows;
    }

    public static IEnumerable<(string Reading, string Cell)> AllReadings(string csv) => Separators.SelectMany(separator =>
        Plain(csv, separator).Select(cell => ($"split on '{separator}'", cell))
            .Concat(Rfc4180(csv, separator).Select(cell => ($"RFC 4180 on '{separator}'", cell)))
            .Concat(QuotesAnywhere(csv, separator).Select(cell => ($"quotes anywhere on '{separator}'", cell))));

    /// <summary>Fails naming each cell that a spreadsheet would read as a formula: one that starts with = + - or @ once spaces, tabs, line breaks and quotes before it are dropped.</summary>
    public static void AssertNoFormula(string csv)
    {
        var formulas = AllReadings(csv).Where(r => StartsFormula(r.Cell)).Select(r => $"{r.Reading}: [{r.Cell}]").Distinct().ToList();
        Assert.True(formulas.Count == 0, $"{formulas.Count} cells read as formulas:\n{string.Join("\n", formulas)}\nin:\n{csv}");
    }

    private static bool StartsFormula(string cell) => cell.TrimStart(' ', '\t', '\r', '\n', '"') is ['=' or '+' or '-' or '@', ..];

    private static IEnumerable<string> Plain(string csv, char separator) => csv.Split(['\r', '\n', separator]);

    private static IEnumerable<string> Rfc4180(string csv, char separator)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = separator, HasHeader = false });
        var cells = new List<string>();
        while (reader.Read())
        {
            cells.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString));
        }
        return cells;
    }

    private static IEnumerable<string> QuotesAnywhere(string csv, char separator)
    {
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (c == '"')
            {
                if (quoted && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (!quoted && (c == separator || c is '\r' or '\n'))
            {
                yield return cell.ToString();
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        yield return cell.ToString();
    }
}
