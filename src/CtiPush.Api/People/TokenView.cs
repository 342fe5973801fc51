namespace CtiPush.People;

/// <summary>A token without its secret.</summary>
public sealed record TokenView(long Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, long PersonId);
