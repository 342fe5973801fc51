namespace CtiPush.People;

/// <summary>
/// A signed-in browser. The cookie carries only the session's id; the row decides whether it is still valid, so
/// signing out, or a change to the person, ends it at once on every instance.
/// </summary>
public sealed class Session
{
    public string Id { get; set; } = "";

    /// <summary>Null for a session opened with the bootstrap admin key.</summary>
    public long? PersonId { get; set; }

    /// <summary>The person's security stamp when the session opened; another one now means the session is over.</summary>
    public string? SecurityStamp { get; set; }

    /// <summary>Names the admin key a key session was opened with, so changing the key ends those sessions.</summary>
    public string? KeyVersion { get; set; }

    /// <summary>Sent back by the page in <c>X-CSRF-TOKEN</c> with every change it makes.</summary>
    public string CsrfToken { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
