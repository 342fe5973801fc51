using CtiPush.Numbers;

namespace CtiPush.Rules;

/// <summary>
/// What a block entry or route matches: an exact number (<c>491715000000</c>), a prefix (<c>41*</c>: at least one
/// more digit), or, for block entries, the literal <c>anonymous</c>. Numbers in any format are normalised first,
/// so patterns compare as numbers; no regular expression is ever built from them.
/// </summary>
public sealed class NumberPattern(PhoneNumberNormalizer numbers)
{
    public const string Anonymous = "anonymous";
    public const char Wildcard = '*';

    /// <summary>The normalised pattern, or null when <paramref name="text"/> is not a number or a prefix.</summary>
    public string? Parse(string? text, bool allowAnonymous = false)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (allowAnonymous && string.Equals(trimmed, Anonymous, StringComparison.OrdinalIgnoreCase))
        {
            return Anonymous;
        }
        if (trimmed[^1] == Wildcard)
        {
            return numbers.NormalizePrefix(trimmed[..^1]) is { } prefix ? prefix + Wildcard : null;
        }
        return numbers.Normalize(trimmed)?.Digits;
    }
}
