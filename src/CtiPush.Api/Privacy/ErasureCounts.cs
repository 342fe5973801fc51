namespace CtiPush.Privacy;

/// <summary>How many records of each kind an erasure changed, by the names the answer gives them.</summary>
public sealed class ErasureCounts
{
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);

    public void Add(string kind, int count) => counts[kind] = counts.GetValueOrDefault(kind) + count;

    public IReadOnlyDictionary<string, int> All => counts;

    public int Total => counts.Values.Sum();
}
