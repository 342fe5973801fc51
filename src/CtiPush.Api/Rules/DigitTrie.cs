namespace CtiPush.Rules;

/// <summary>
/// Rules by the digits of their pattern. A lookup walks the number once, so its cost grows with the number's
/// length, not with the count of rules. The best match has the lowest rank; between equal ranks the more
/// specific pattern wins (an exact number over a prefix, a longer prefix over a shorter one), then a rule for
/// this PBX over one for all, then the rule added first.
/// </summary>
internal sealed class DigitTrie<TRule> where TRule : class, IRankedRule
{
    private sealed class Node
    {
        public Node?[]? Children;
        public TRule[] Exact = [];
        public TRule[] Prefix = [];
    }

    private readonly Node root = new();

    /// <param name="pattern">digits, or digits followed by <c>*</c> (at least one more digit).</param>
    public void Add(string pattern, TRule rule)
    {
        var prefix = pattern.EndsWith(NumberPattern.Wildcard);
        var digits = prefix ? pattern.AsSpan(0, pattern.Length - 1) : pattern.AsSpan();
        var node = root;
        foreach (var digit in digits)
        {
            node.Children ??= new Node?[10];
            node = node.Children[digit - '0'] ??= new Node();
        }
        if (prefix)
        {
            node.Prefix = [.. node.Prefix, rule];
        }
        else
        {
            node.Exact = [.. node.Exact, rule];
        }
    }

    /// <summary>The best rule for <paramref name="digits"/> from <paramref name="source"/>, or null. Allocates nothing.</summary>
    public TRule? Match(string digits, string source)
    {
        TRule? best = null;
        var bestSpecificity = -1;
        var node = root;
        for (var depth = 0; node is not null; depth++)
        {
            if (depth == digits.Length)
            {
                Consider(node.Exact, 2 * depth + 1, source, ref best, ref bestSpecificity);
                break;
            }
            Consider(node.Prefix, 2 * depth, source, ref best, ref bestSpecificity);
            var digit = digits[depth] - '0';
            node = (uint)digit < 10 ? node.Children?[digit] : null;
        }
        return best;
    }

    private static void Consider(TRule[] rules, int specificity, string source, ref TRule? best, ref int bestSpecificity)
    {
        foreach (var rule in rules)
        {
            if (rule.Source is not null && rule.Source != source)
            {
                continue;
            }
            var ruleSpecificity = 2 * specificity + (rule.Source is null ? 0 : 1);
            if (best is null || rule.Rank < best.Rank || (rule.Rank == best.Rank && ruleSpecificity > bestSpecificity))
            {
                best = rule;
                bestSpecificity = ruleSpecificity;
            }
        }
    }
}
