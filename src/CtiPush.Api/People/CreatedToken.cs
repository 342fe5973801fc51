using System.ComponentModel;

namespace CtiPush.People;

/// <summary>The answer to creating a token: the only time its secret is shown.</summary>
public sealed record CreatedToken(long Id, [property: Description("Starts with ctp_; shown once, kept only as a hash")] string Token, string Name,
    TokenScope Scope, DateTimeOffset? ExpiresAt);
