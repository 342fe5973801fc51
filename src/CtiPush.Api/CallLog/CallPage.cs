namespace CtiPush.CallLog;

/// <summary>A page of calls, newest first; <see cref="Next"/> continues after the last one, or is null at the end.</summary>
public sealed record CallPage(IReadOnlyList<CallView> Items, string? Next);
