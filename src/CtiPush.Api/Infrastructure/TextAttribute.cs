using System.ComponentModel.DataAnnotations;

namespace CtiPush.Infrastructure;

/// <summary>
/// Free text a person writes: at most <see cref="StringLengthAttribute.MaximumLength"/> characters (a string length,
/// as OpenAPI describes it), no control characters, and valid text. The message is the end of a sentence that
/// starts with the field's name.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class TextAttribute(int maximumLength) : StringLengthAttribute(maximumLength)
{
    /// <summary>Notes may have line breaks and tabs; names may not.</summary>
    public bool Multiline { get; set; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Problem(value as string, MaximumLength, Multiline) is { } problem ? new ValidationResult(problem) : ValidationResult.Success;

    /// <summary>What is wrong with <paramref name="value"/>, as the end of a sentence that starts with the field's name; null when nothing is.</summary>
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
}
