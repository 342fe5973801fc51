using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.Admin;

/// <summary>The configured admin key, kept as a digest and compared in constant time.</summary>
public sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly SecretDigest key = new(options.Value.ApiKey ?? "");

    public bool Matches(string? presented) => key.Matches(presented);

    /// <summary>
    /// Names this key without revealing it (a keyed hash of a constant), so sessions opened with an older key
    /// end when the key is changed.
    /// </summary>
    public string Version { get; } = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""), "ctipush admin session"u8))[..16];
}
