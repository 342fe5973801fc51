using System.Security.Cryptography;
using System.Text;

namespace CtiPush.Infrastructure;

/// <summary>
/// A configured secret kept only as its SHA-256 digest. Comparing digests makes every comparison the same
/// length, and <see cref="CryptographicOperations.FixedTimeEquals"/> makes it constant in time.
/// </summary>
public sealed class SecretDigest(string secret)
{
    private readonly byte[] digest = Of(secret);

    public bool Matches(string? presented) =>
        presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(digest, Of(presented));

    /// <summary>The digest as lowercase hex: how a secret the service hands out (an API token) is stored and looked up.</summary>
    public static string HexOf(string value) => Convert.ToHexStringLower(Of(value));

    /// <summary>A new random secret: <paramref name="bytes"/> from the system's generator, base64url.</summary>
    public static string NewSecret(int bytes = 32) => Base64UrlOf(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64UrlOf(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Of(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
