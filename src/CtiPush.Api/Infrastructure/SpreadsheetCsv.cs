using System.Buffers;
using System.Text;
using CsvHelper;

namespace CtiPush.Infrastructure;

/// <summary>
/// CSV files that a spreadsheet opens without running anything in them (CSV or formula injection), whatever
/// separator it splits on. A spreadsheet reads a cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> as a
/// formula, and which cells there are depends on its list separator: Excel and LibreOffice with a German locale
/// split a comma-separated file on <c>;</c>, and a quoted field does not hold a <c>;</c> inside it then — the text
/// after it starts a cell of its own. So every field is quoted (OWASP's advice; it keeps the whole field together in
/// readers that honour quotes whatever the separator), and every piece of text that could start a cell — the field's
/// start, and the text after each <c>,</c> <c>;</c> tab <c>|</c> CR and LF in it — gets a leading <c>'</c> when it
/// would start a formula, spaces, quotes and apostrophes before the <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> included.
/// <c>sales;=2+5</c> is written <c>"sales;'=2+5"</c>. <see cref="Unescape"/> undoes exactly that, so a file written
/// with <see cref="Escape"/> reads back as the text it was made of.
/// </summary>
public static class SpreadsheetCsv
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@");

    /// <summary>Where a spreadsheet may start a new cell: the separators it may split on, and line breaks.</summary>
    private static readonly SearchValues<char> CellBreaks = SearchValues.Create(",;\t|\r\n");

    /// <summary>Every field quoted, and no escaping of the writer's own: text goes through <see cref="Escape"/>.</summary>
    public static CsvWriterOptions WriterOptions() => new() { Quoting = CsvQuoting.Always, Injection = CsvInjection.None };

    /// <summary><paramref name="text"/> with a <c>'</c> before each piece of it that a spreadsheet could read as a formula.</summary>
    public static string? Escape(string? text)
    {
        if (text is null || !text.AsSpan().ContainsAny(FormulaStarts))
        {
            return text;
        }
        StringBuilder? escaped = null;
        var copied = 0;
        foreach (var start in CellStarts(text))
        {
            if (StartsFormula(text.AsSpan(start)))
            {
                escaped ??= new StringBuilder(text.Length + 8);
                escaped.Append(text, copied, start - copied).Append('\'');
                copied = start;
            }
        }
        return escaped?.Append(text, copied, text.Length - copied).ToString() ?? text;
    }

    /// <summary>Undoes <see cref="Escape"/>: drops the <c>'</c> it put before a piece that would start a formula.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\''))
        {
            return text;
        }
        StringBuilder? unescaped = null;
        var copied = 0;
        foreach (var start in CellStarts(text))
        {
            if (start < text.Length && text[start] == '\'' && StartsFormula(text.AsSpan(start + 1)))
            {
                unescaped ??= new StringBuilder(text.Length);
                unescaped.Append(text, copied, start - copied);
                copied = start + 1;
            }
        }
        return unescaped?.Append(text, copied, text.Length - copied).ToString() ?? text;
    }

    /// <summary>
    /// Whether a cell that starts here is a formula once a spreadsheet drops what it may drop first: spaces and
    /// quotes, and apostrophes (so that text which starts with <c>'=</c> is escaped too, and reads back as it was).
    /// </summary>
    private static bool StartsFormula(ReadOnlySpan<char> cell)
    {
        foreach (var c in cell)
        {
            if (c is not (' ' or '"' or '\''))
            {
                return FormulaStarts.Contains(c);
            }
        }
        return false;
    }

    /// <summary>The index of the start of the text and of the character after each cell break in it.</summary>
    private static IEnumerable<int> CellStarts(string text)
    {
        for (var start = 0; start >= 0;)
        {
            yield return start;
            var next = text.AsSpan(start).IndexOfAny(CellBreaks);
            start = next < 0 ? -1 : start + next + 1;
        }
    }
}
