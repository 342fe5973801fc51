namespace CtiPush.People;

/// <summary>A person's API token; only the SHA-256 of the secret is kept, so the database cannot give it away.</summary>
public sealed class PersonalToken
{
    public long Id { get; private set; }
    public long PersonId { get; set; }
    public string Name { get; set; } = "";
    public TokenScope Scope { get; set; }
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
