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

    private static byte[] Of(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
