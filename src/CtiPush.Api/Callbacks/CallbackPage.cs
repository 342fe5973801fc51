namespace CtiPush.Callbacks;

/// <summary>A page of the worklist; <see cref="Next"/> continues after the last one, or is null at the end.</summary>
public sealed record CallbackPage(IReadOnlyList<CallbackView> Items, string? Next);
