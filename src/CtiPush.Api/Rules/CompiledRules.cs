using CtiPush.Core;

namespace CtiPush.Rules;

/// <summary>One immutable snapshot of all enabled rules, swapped whole when they change. Decisions allocate nothing.</summary>
internal sealed class CompiledRules
{
    public static CompiledRules Empty { get; } = new(-1, [], EmptyContactNumbers, [], null);

    public static ILookup<long, string> EmptyContactNumbers => Array.Empty<long>().ToLookup(id => id, id => "");

    private readonly DigitTrie<Block> blocked = new();
    private readonly Block[] anonymousBlocks;
    private readonly DigitTrie<Route> routes = new();
    private readonly CallDecision? defaultCallerId;

    /// <param name="contactNumbers">The numbers of the contacts blocked entries name, by contact id.</param>
    public CompiledRules(long version, IEnumerable<BlockedNumber> blockedNumbers, ILookup<long, string> contactNumbers,
        IEnumerable<CallerIdRoute> callerIdRoutes, string? defaultCallerIdNumber)
    {
        Version = version;
        var anonymous = new List<Block>();
        foreach (var entry in blockedNumbers.Where(e => e.Enabled))
        {
            var block = new Block(entry);
            if (entry.ContactId is { } contact)
            {
                foreach (var number in contactNumbers[contact])
                {
                    blocked.Add(number, block);
                }
            }
            else if (entry.Pattern == NumberPattern.Anonymous)
            {
                anonymous.Add(block);
            }
            else
            {
                blocked.Add(entry.Pattern, block);
            }
        }
        anonymousBlocks = [.. anonymous];
        foreach (var route in callerIdRoutes.Where(r => r.Enabled))
        {
            routes.Add(route.Pattern, new Route(route));
        }
        defaultCallerId = defaultCallerIdNumber is null ? null : CallDecision.Dial(defaultCallerIdNumber, "default caller id");
    }

    public long Version { get; }

    public CallDecision Decide(NewCallFacts call) => call.Direction switch
    {
        CallDirection.In => BlockFor(call)?.Decision ?? CallDecision.None,
        CallDirection.Out => (call.ToNumber is { } to ? routes.Match(to, call.Source)?.Decision : null) ?? defaultCallerId ?? CallDecision.None,
        _ => CallDecision.None,
    };

    private Block? BlockFor(NewCallFacts call)
    {
        if (call.FromNumber is { } from)
        {
            return blocked.Match(from, call.Source);
        }
        if (string.Equals(call.From, NumberPattern.Anonymous, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var block in anonymousBlocks)
            {
                if (block.Source is null || block.Source == call.Source)
                {
                    return block;
                }
            }
        }
        return null;
    }

    private sealed class Block(BlockedNumber entry) : IRankedRule
    {
        public string? Source { get; } = entry.Source;
        public int Rank => 0;
        public CallDecision Decision { get; } = CallDecision.Reject(
            WireName<BlockReason>.Of(entry.Reason), $"blocked #{entry.Id} ({entry.Pattern})");
    }

    private sealed class Route(CallerIdRoute route) : IRankedRule
    {
        public string? Source { get; } = route.Source;
        public int Rank { get; } = route.Position;
        public CallDecision Decision { get; } = CallDecision.Dial(route.CallerId, $"route #{route.Id} ({route.Pattern} → {route.CallerId})");
    }
}
