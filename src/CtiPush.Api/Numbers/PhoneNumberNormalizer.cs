using PhoneNumbers;

namespace CtiPush.Numbers;

/// <summary>
/// Numbers compared as numbers, whatever way they were written. A number that starts with <c>+</c> or <c>00</c> is
/// international; one with a single leading <c>0</c> is national in the default region; bare digits that do not
/// start with <c>0</c> are international already, as PBXs send them (<c>493055571600</c>). Spaces, dashes, slashes,
/// dots, brackets and an international <c>(0)</c> are formatting. Anything else (<c>anonymous</c>) is not a number.
/// </summary>
public sealed class PhoneNumberNormalizer
{
    private const int MaxDigits = 20;
    private static readonly PhoneNumberUtil Library = PhoneNumberUtil.GetInstance();

    private readonly string region;
    private readonly string regionCallingCode;
    private readonly bool trunkPrefixIsZero;

    public PhoneNumberNormalizer(string defaultRegion)
    {
        if (RegionProblem(defaultRegion) is { } problem)
        {
            throw new ArgumentException(problem, nameof(defaultRegion));
        }
        region = defaultRegion.Trim().ToUpperInvariant();
        regionCallingCode = Library.GetCountryCodeForRegion(region).ToString(System.Globalization.CultureInfo.InvariantCulture);
        trunkPrefixIsZero = Library.GetNddPrefixForRegion(region, true) == "0"; // Italy, for one, keeps its 0
    }

    /// <summary>Why <paramref name="region"/> cannot be the default region; null when it can.</summary>
    public static string? RegionProblem(string region) =>
        Library.GetCountryCodeForRegion(region.Trim().ToUpperInvariant()) == 0
            ? $"'{region}' is not a region libphonenumber knows (use a code such as DE, AT, CH, US)."
            : null;

    /// <summary>The number in E.164 digits, or null when the text is not a phone number.</summary>
    public NormalizedNumber? Normalize(string? text)
    {
        if (Clean(text) is not { } cleaned)
        {
            return null;
        }
        if (International(cleaned) is { } international)
        {
            if (international.Length == 0)
            {
                return null;
            }
            return Canonical("+" + international, "ZZ") ?? new NormalizedNumber(international, false);
        }
        // A single leading 0: national. libphonenumber knows each country's trunk prefix (Italy keeps its 0).
        return Canonical(cleaned, region) ?? new NormalizedNumber(regionCallingCode + cleaned[1..], false);
    }

    /// <summary>The digits a number starting with <paramref name="prefix"/> begins with, by the same rules; null if it is not digits.</summary>
    public string? NormalizePrefix(string? prefix) =>
        Clean(prefix) is { } cleaned && (International(cleaned) ?? regionCallingCode + (trunkPrefixIsZero ? cleaned[1..] : cleaned)) is { Length: > 0 } digits
            ? digits
            : null;

    /// <summary>
    /// Why <paramref name="text"/> is no number a person can be reached on, in words for the admin who wrote it;
    /// null when it is one. A possible number is enough: libphonenumber need not know it as valid.
    /// </summary>
    public string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty.";
        }
        if (Normalize(text) is not { } number)
        {
            return $"is not a phone number: up to {MaxDigits} digits, written with + or 00 for a country code, and spaces, - / . ( ) between them.";
        }
        if (number.IsPossible)
        {
            return null;
        }
        try
        {
            return Library.IsPossibleNumberWithReason(Library.Parse("+" + number.Digits, "ZZ")) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT => $"is too short to be a number (+{number.Digits}).",
                PhoneNumberUtil.ValidationResult.TOO_LONG => $"is too long to be a number (+{number.Digits}).",
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => $"does not start with a country code (+{number.Digits}); write a national number with its leading 0.",
                _ => $"does not have the length of a number in its country (+{number.Digits}).",
            };
        }
        catch (NumberParseException unparsed) when (unparsed.ErrorType is ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD)
        {
            return $"is too short to be a number (+{number.Digits}).";
        }
        catch (NumberParseException)
        {
            return $"does not start with a country code (+{number.Digits}); write a national number with its leading 0.";
        }
    }

    /// <summary>E.164 digits written for people: <c>493055571600</c> as <c>+49 30 55571600</c>; anything else as it is.</summary>
    public static string? Display(string? digits)
    {
        if (digits is null || !digits.All(char.IsAsciiDigit))
        {
            return digits; // not a number (an erased one): shown as it is
        }
        try
        {
            return Library.Format(Library.Parse("+" + digits, "ZZ"), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return "+" + digits;
        }
    }

    /// <summary>Digits with an optional leading <c>+</c>, formatting removed; null for anything else.</summary>
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            trimmed = trimmed.Replace("(0)", "", StringComparison.Ordinal); // +49 (0) 30 …: the 0 is for callers inside Germany
        }
        Span<char> digits = stackalloc char[trimmed.Length];
        var length = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c) || (c == '+' && i == 0))
            {
                digits[length++] = c;
            }
            else if (c is not (' ' or '-' or '/' or '.' or '(' or ')'))
            {
                return null;
            }
        }
        var result = new string(digits[..length]);
        var count = result.TrimStart('+').Length;
        return count is > 0 and <= MaxDigits ? result : null;
    }

    /// <summary>The international digits for <c>+…</c>, <c>00…</c> and bare digits; null for a national number.</summary>
    private static string? International(string cleaned) => cleaned switch
    {
        ['+', .. var rest] => rest,
        ['0', '0', .. var rest] => rest,
        ['0', ..] => null,
        _ => cleaned,
    };

    private static NormalizedNumber? Canonical(string text, string parseRegion)
    {
        try
        {
            var number = Library.Parse(text, parseRegion);
            return Library.IsPossibleNumber(number)
                ? new NormalizedNumber(Library.Format(number, PhoneNumberFormat.E164)[1..], true)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
