namespace CtiPush.Infrastructure;

/// <summary>Section <c>RateLimits</c>: how many guesses one client address gets per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts to the push endpoint with a wrong token. A right token is never limited: PBXs are not slowed.</summary>
    public int WrongTokensPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts at the page, right or wrong.</summary>
    public int SignInsPerMinute { get; set; } = 10;
}
