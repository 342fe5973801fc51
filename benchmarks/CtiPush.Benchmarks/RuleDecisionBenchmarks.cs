using BenchmarkDotNet.Attributes;
using CtiPush.CallLog;
using CtiPush.Numbers;
using CtiPush.Rules;
using CtiPush.Core;

namespace CtiPush.Benchmarks;

/// <summary>
/// One newCall decision against many rules: the cost should follow the length of the number, not the count
/// of rules, and allocate nothing. Numbers arrive normalised (the call log normalises them once per event).
/// </summary>
[MemoryDiagnoser]
public class RuleDecisionBenchmarks
{
    [Params(100, 10_000)]
    public int BlockedNumbers { get; set; }

    private CompiledRules rules = CompiledRules.Empty;
    private readonly NewCallFacts blockedCaller = Inbound("491715000042");
    private readonly NewCallFacts unknownCaller = Inbound("493055571600");
    private readonly NewCallFacts routedCall = Outbound("4147110000000");
    private readonly NewCallFacts defaultCall = Outbound("4912347114711");

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var blocked = Enumerable.Range(0, BlockedNumbers)
            .Select(i => new BlockedNumber { Pattern = i % 10 == 0 ? $"49900{i:D5}*" : $"49171{i:D7}", Enabled = true })
            .Append(new BlockedNumber { Pattern = "491715000042", Enabled = true })
            .ToList();
        var routes = Enumerable.Range(0, BlockedNumbers / 10)
            .Select(i => new CallerIdRoute { Pattern = $"{random.Next(20, 99)}{i:D4}*", CallerId = "4930777000000", Position = i + 2, Enabled = true })
            .Append(new CallerIdRoute { Pattern = "4147*", CallerId = "41715880339000", Position = 1, Enabled = true })
            .ToList();
        rules = new CompiledRules(1, blocked, CompiledRules.EmptyContactNumbers, routes, "4930777000000");
    }

    [Benchmark(Description = "inbound, blocked caller")]
    public CallDecision Blocked() => rules.Decide(blockedCaller);

    [Benchmark(Description = "inbound, no entry")]
    public CallDecision NotBlocked() => rules.Decide(unknownCaller);

    [Benchmark(Description = "outbound, route matches")]
    public CallDecision Routed() => rules.Decide(routedCall);

    [Benchmark(Description = "outbound, default caller id")]
    public CallDecision Default() => rules.Decide(defaultCall);

    private static NewCallFacts Inbound(string from) => new("main", CallDirection.In, from, from, "4930111", "4930111");

    private static NewCallFacts Outbound(string to) => new("main", CallDirection.Out, "4930555", "4930555", to, to);
}

/// <summary>The other half of the work per event: normalising a number with libphonenumber.</summary>
[MemoryDiagnoser]
public class NumberNormalizationBenchmarks
{
    private readonly PhoneNumberNormalizer numbers = new("DE");

    [Benchmark(Description = "normalise 493055571600 (PBX form)")]
    public NormalizedNumber? Bare() => numbers.Normalize("493055571600");

    [Benchmark(Description = "normalise +49 (0) 30 60 00 00 00-0")]
    public NormalizedNumber? Formatted() => numbers.Normalize("+49 (0) 30 60 00 00 00-0");
}
