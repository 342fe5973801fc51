using System.Security.Cryptography;
using System.Text;

namespace CtiPush.Tests.Infrastructure;

/// <summary>Signs a body as a PBX with a signing secret does: HMAC-SHA256 over the raw bytes, lower-case hex.</summary>
public static class Hmac
{
    public static string Sign(string body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
