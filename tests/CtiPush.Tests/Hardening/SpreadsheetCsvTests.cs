using CsvHelper;
using CtiPush.Infrastructure;
using CtiPush.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace CtiPush.Tests.Hardening;

/// <summary>
/// The escaping of the CSV exports, on any text made of what matters to it — formula starts, separators, line
/// breaks, quotes, apostrophes and spaces — generated with FsCheck: no spreadsheet reading finds a formula, and
/// the text comes back exactly.
/// </summary>
public sealed class SpreadsheetCsvTests
{
    private static Gen<string> Texts() =>
        Gen.Elements('=', '+', '-', '@', '\'', '"', ' ', ',', ';', '\t', '|', '\r', '\n', 'a', '1')
            .ArrayOf().Select(chars => new string(chars));

    [Fact]
    public void Any_text_written_escaped_starts_no_formula_in_any_reading_and_reads_back_as_it_was()
    {
        var property = Prop.ForAll(Texts().ToArbitrary(), Texts().ToArbitrary(), (first, second) =>
        {
            using var text = new StringWriter();
            using (var csv = CsvWriter.Create(text, SpreadsheetCsv.WriterOptions(), leaveOpen: true))
            {
                csv.WriteHeader(["first", "second"]);
                csv.WriteField(SpreadsheetCsv.Escape(first));
                csv.WriteField(SpreadsheetCsv.Escape(second));
                csv.EndRecord();
            }
            var written = text.ToString();
            SpreadsheetCells.AssertNoFormula(written);
            var row = SpreadsheetCells.Rows(written)[1];
            return (SpreadsheetCsv.Unescape(row[0]) == first && SpreadsheetCsv.Unescape(row[1]) == second).Label(written);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
    }

    [Theory]
    [InlineData("sales;=2+5;=cmd|' /C calc'!A0", "sales;'=2+5;'=cmd|' /C calc'!A0")]
    [InlineData("+49 30 123", "'+49 30 123")]
    [InlineData("a, -1", "a,' -1")]
    [InlineData("x;\"=1\"", "x;'\"=1\"")]
    [InlineData("'=kept", "''=kept")]
    [InlineData("Müller-Lüdenscheidt", "Müller-Lüdenscheidt")]
    [InlineData("it's", "it's")]
    public void A_piece_that_would_start_a_formula_gets_one_apostrophe_before_it(string text, string escaped)
    {
        Assert.Equal(escaped, SpreadsheetCsv.Escape(text));
        Assert.Equal(text, SpreadsheetCsv.Unescape(escaped));
    }
}
