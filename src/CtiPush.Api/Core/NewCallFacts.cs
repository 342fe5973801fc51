namespace CtiPush.Core;

/// <summary>What the rules look at in a newCall. Numbers are normalised (E.164 digits) or null when not numbers.</summary>
public sealed record NewCallFacts(string Source, CallDirection? Direction, string? From, string? FromNumber, string? To, string? ToNumber);
