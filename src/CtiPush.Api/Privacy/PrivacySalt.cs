namespace CtiPush.Privacy;

/// <summary>
/// The one salt erasures are hashed with, made once and shared by every instance. Stored encrypted with the data
/// protection keys (which the key certificate protects), so a copy of the database alone cannot turn the hashes in
/// the audit list back into numbers by trying them all.
/// </summary>
public sealed class PrivacySalt
{
    public const int TheOne = 1;

    public int Id { get; init; } = TheOne;

    /// <summary>The salt, protected by data protection.</summary>
    public string Protected { get; init; } = "";
}
