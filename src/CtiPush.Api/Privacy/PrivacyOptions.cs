namespace CtiPush.Privacy;

/// <summary>Section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The secret erasures are hashed with (16 characters or more). Unset, one is made at the first erasure and kept
    /// in the database, encrypted with the data protection keys.
    /// </summary>
    public string? HashSalt { get; set; }
}
