using System.Net;
using System.Text.RegularExpressions;
using CtiPush.Infrastructure;

namespace CtiPush.Push;

/// <summary>
/// Keeps push tokens out of the log, in two ways that cover each other:
/// <list type="bullet">
/// <item>the configured tokens by value, wherever they stand (as they are, percent-encoded and form-encoded), so a
/// token with spaces is masked whole and a malformed request line quoted in an exception loses it too;</item>
/// <item>whatever follows the push path's prefix in any spelling — any case, <c>/</c>, <c>\</c>, <c>./</c>, and these
/// percent-encoded (<c>%2F</c>, <c>%5C</c>, <c>%2E</c>, even twice), with spaces after it, or a near miss such as
/// <c>/api/v1/ctix/</c> — up to the end of the path (a quote, a line end, or <c> HTTP/</c> in a request line), so a wrong
/// token, which may be a right one mistyped, is masked too.</item>
/// </list>
/// Reads the tokens from configuration itself, not from the validated options: the logger is built before the options
/// are validated, and a token that fails validation still must not be logged.
/// </summary>
public sealed partial class PushTokenRedactor : ILogRedactor
{
    public const string Mask = "***";

    /// <summary>Shorter tokens (Development allows them) would mask common words: they are masked only in push paths.</summary>
    public const int MinLengthMaskedAnywhere = 8;

    private readonly string[] spellings;

    public PushTokenRedactor(IConfiguration configuration) =>
        spellings = [.. configuration.GetSection(CtiOptions.Section).GetSection(nameof(CtiOptions.Tokens)).GetChildren()
            .Select(token => token.Value)
            .OfType<string>()
            .Where(token => token.Length >= MinLengthMaskedAnywhere)
            .SelectMany(token => new[] { token, Uri.EscapeDataString(token), WebUtility.UrlEncode(token) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(spelling => spelling.Length)];

    public string Redact(string text)
    {
        foreach (var spelling in spellings)
        {
            if (text.Contains(spelling, StringComparison.Ordinal))
            {
                text = text.Replace(spelling, Mask, StringComparison.Ordinal);
            }
        }
        return TokenAfterPushPrefix().Replace(text, "${prefix}" + Mask);
    }

    private const string Separator = @"(?:[/\\.]|%(?:25)*(?:2F|5C|2E))";

    /// <summary>
    /// The prefix (kept) in any spelling, then the rest of the path (masked): runs of anything but whitespace, quotes,
    /// angle brackets and backslashes; a backslash unless it starts Kestrel's <c>\x0D</c>; a run of spaces unless
    /// <c>HTTP/</c> follows it. Runs are taken whole and never given back, so the time is linear in the text.
    /// </summary>
    [GeneratedRegex(
        @"(?<prefix>(?>api" + Separator + "+v1" + Separator + "+cti(?:" + Separator + @"|[ \t]|%(?:25)*20)*))"
            + @"(?!HTTP/)(?:[^\s""'<>`\\]+|\\(?!x0[DA])|(?>[^\S\r\n]+)(?!HTTP/|[\r\n]|$))+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenAfterPushPrefix();
}
