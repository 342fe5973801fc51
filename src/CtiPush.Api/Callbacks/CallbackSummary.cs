namespace CtiPush.Callbacks;

/// <summary>What the worklist looks like now: how many wait, since when, and a mark that moves whenever it changed.</summary>
public sealed record CallbackSummary(int Open, DateTimeOffset? OldestFirstAt, string Mark);
