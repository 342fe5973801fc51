using System.Security.Cryptography;
using System.Text;

namespace CtiPush.Notifications;

/// <summary>
/// Signing as the Standard Webhooks specification says: the secret is <c>whsec_</c> and base64 of random bytes; the
/// signature <c>v1,</c> and base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c> keyed with those bytes.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>A new secret: 32 random bytes (the specification allows 24 to 64).</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }
}
