namespace CtiPush.Data;

/// <summary>
/// Section <c>DataProtection</c>: the certificate whose public key encrypts the keys that protect session cookies, in
/// the database's <c>data_protection_keys</c> table. Required outside Development.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file (<c>.pfx</c>) with an RSA certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The file's password; may be empty for a file without one.</summary>
    public string? CertificatePassword { get; set; }
}
