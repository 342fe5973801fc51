namespace CtiPush.Infrastructure;

/// <summary>The checks every free-text field an admin writes gets: a length, no control characters, valid text.</summary>
public static class TextField
{
    /// <summary>What is wrong with <paramref name="value"/>, as the end of a sentence that starts with the field's name; null when nothing is.</summary>
    /// <param name="multiline">Notes may have line breaks and tabs; names may not.</param>
    public static string? Problem(string? value, int maxLength, bool multiline = false)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return $"must be at most {maxLength} characters.";
        }
        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            return "must not contain control characters.";
        }
        // What a decoder makes of bytes that were not UTF-8 (a spreadsheet saved as Windows-1252, say).
        return value.Contains('\uFFFD') ? "is not UTF-8 text (save the file as UTF-8)." : null;
    }

    /// <summary>Adds the problem of <paramref name="value"/>, if it has one, to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static void Check(string field, string? value, int maxLength, Dictionary<string, string[]> errors, bool multiline = false)
    {
        if (Problem(value, maxLength, multiline) is { } problem)
        {
            errors[field] = [problem];
        }
    }
}
