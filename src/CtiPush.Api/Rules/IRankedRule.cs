namespace CtiPush.Rules;

/// <summary>A compiled rule: the PBX it is limited to (null: all) and its rank (lower wins).</summary>
internal interface IRankedRule
{
    string? Source { get; }
    int Rank { get; }
}
