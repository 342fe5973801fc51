using System.Text;
using System.Text.Json.Nodes;
using CtiPush.Numbers;

namespace CtiPush.Privacy;

/// <summary>
/// Finds one number however it is written, alone or inside text: <c>+49 30 1234567</c>, <c>0049301234567</c>,
/// <c>030 123 45 67</c>, <c>(030) 1234567</c>, <c>+49 (0)30-1234567</c> and <c>tel:49301234567</c> are all it. A text is
/// read as groups of digits; every run of up to <see cref="MaxGroups"/> neighbouring groups joined only by number
/// formatting (space, <c>- / . ( )</c>, an optional <c>+</c> before it) is a candidate, and a candidate is the number when
/// the normaliser makes the same E.164 digits of it. No regular expression, so no text can make it slow: a candidate
/// is only normalised when its digits end as the number's do.
/// </summary>
public sealed class NumberMatcher
{
    /// <summary>Enough for a number written in pairs (<c>+49 30 12 34 56 7</c>); longer runs are several numbers.</summary>
    private const int MaxGroups = 8;

    /// <summary>How many formatting characters may stand between two groups of one number (<c> / </c>, <c>) </c>).</summary>
    private const int MaxGap = 3;

    /// <summary>The digits every written form of a number ends with: the ones the national part ends with.</summary>
    private const int TailLength = 4;

    private readonly PhoneNumberNormalizer numbers;

    public NumberMatcher(PhoneNumberNormalizer numbers, string digits)
    {
        this.numbers = numbers;
        Digits = digits;
        Tail = digits.Length > TailLength ? digits[^TailLength..] : digits;
    }

    /// <summary>E.164 digits without the <c>+</c>, as calls, callbacks and contacts store normalised numbers.</summary>
    public string Digits { get; }

    /// <summary>The last digits, unbroken in every written form that does not split its last group: a cheap first look for the database.</summary>
    public string Tail { get; }

    /// <summary>The text is the number, in any format.</summary>
    public bool IsNumber(string? text) => text is not null && (text == Digits || numbers.Normalize(text)?.Digits == Digits);

    /// <summary>The text mentions the number somewhere, in any format.</summary>
    public bool Mentions(string? text) => text is not null && Find(text).Any();

    /// <summary>The text with each mention of the number replaced by <see cref="IPersonalData.Erased"/>.</summary>
    public string Scrub(string text)
    {
        var spans = Find(text).ToList();
        if (spans.Count == 0)
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var (start, end) in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End))
        {
            if (end <= at)
            {
                continue; // inside a mention already replaced
            }
            result.Append(text, at, Math.Max(0, start - at)).Append(IPersonalData.Erased);
            at = end;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>
    /// A JSON document (a raw event, a notification's payload) with the number taken out of every string in it, however
    /// deep; null when it has none.
    /// </summary>
    public string? ScrubJson(string json)
    {
        if (!Mentions(json) && !json.Contains("\\u", StringComparison.Ordinal))
        {
            return null; // escaped text (\u002B49…) is read as JSON below; plain text without a mention has none
        }
        return JsonNode.Parse(json) is { } node && Scrub(node) ? node.ToJsonString() : null;
    }

    /// <summary>Takes the number out of every string in <paramref name="node"/>, however deep; whether any had it.</summary>
    public bool Scrub(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject fields:
                foreach (var (name, value) in fields.ToList())
                {
                    if (Scrubbed(value) is { } text)
                    {
                        fields[name] = text;
                        changed = true;
                    }
                    else if (value is JsonObject or JsonArray)
                    {
                        changed |= Scrub(value);
                    }
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (Scrubbed(items[i]) is { } text)
                    {
                        items[i] = text;
                        changed = true;
                    }
                    else if (items[i] is JsonObject or JsonArray)
                    {
                        changed |= Scrub(items[i]!);
                    }
                }
                break;
        }
        return changed;
    }

    /// <summary>A string value that mentions the number, without it; null for anything else.</summary>
    private string? Scrubbed(JsonNode? value) =>
        value is JsonValue single && single.TryGetValue<string>(out var text) && Mentions(text) ? Scrub(text) : null;

    private IEnumerable<(int Start, int End)> Find(string text)
    {
        var groups = Groups(text);
        for (var first = 0; first < groups.Count; first++)
        {
            var start = groups[first].Start > 0 && text[groups[first].Start - 1] == '+' ? groups[first].Start - 1 : groups[first].Start;
            var digits = new StringBuilder();
            for (var last = first; last < groups.Count && last - first < MaxGroups; last++)
            {
                if (last > first && !OnlyFormatting(text, groups[last - 1].End, groups[last].Start))
                {
                    break;
                }
                digits.Append(text, groups[last].Start, groups[last].End - groups[last].Start);
                if (digits.Length > Digits.Length + 3)
                {
                    break; // longer than any way of writing it (00, a trunk 0, an international (0))
                }
                if (EndsWithTail(digits) && IsNumber(text[start..groups[last].End]))
                {
                    yield return (start, groups[last].End);
                }
            }
        }
    }

    private bool EndsWithTail(StringBuilder digits)
    {
        if (digits.Length < Tail.Length)
        {
            return false;
        }
        for (var i = 0; i < Tail.Length; i++)
        {
            if (digits[digits.Length - Tail.Length + i] != Tail[i])
            {
                return false;
            }
        }
        return true;
    }

    private static List<(int Start, int End)> Groups(string text)
    {
        var groups = new List<(int Start, int End)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            groups.Add((start, i));
        }
        return groups;
    }

    private static bool OnlyFormatting(string text, int from, int to) =>
        to - from <= MaxGap && text.AsSpan(from, to - from).IndexOfAnyExcept(" -/.()") < 0;
}
