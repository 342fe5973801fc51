using System.ComponentModel;

namespace CtiPush.People;

public sealed record TokenRequest(
    [property: Description("What the token is for, e.g. the wallboard script")] string? Name,
    [property: Description("read (acts as a viewer) or full (acts with your role)")] string? Scope = null,
    [property: Description("When it stops working; none: until revoked")] DateTimeOffset? ExpiresAt = null);
