namespace CtiPush.People;

/// <summary>Newest first; <see cref="Next"/> continues after the last entry, or is null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, string? Next);
