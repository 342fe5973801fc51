namespace CtiPush.Infrastructure;

/// <summary>Section <c>RateLimits</c>: how many failed guesses one client address gets per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts to the push endpoint with a wrong token. A right token is never limited: PBXs are not slowed.</summary>
    public int WrongTokensPerMinute { get; set; } = 10;

    /// <summary>
    /// Failed authentications of every other kind: wrong bearer keys and tokens, wrong keys and passwords at sign-in
    /// (<see cref="FailedAuthentications"/>). The setting's former name, <c>RateLimits:SignInsPerMinute</c>, is read
    /// when this one is not set.
    /// </summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 10;
}
