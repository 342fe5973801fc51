using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>The bootstrap key, kept as a digest and compared in constant time.</summary>
public sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly SecretDigest? key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : new SecretDigest(options.Value.ApiKey);

    public bool IsConfigured => key is not null;

    public bool Matches(string? presented) => key?.Matches(presented) ?? false;

    /// <summary>
    /// Names this key without revealing it (a keyed hash of a constant), so sessions opened with an older key
    /// end when the key is changed.
    /// </summary>
    public string Version { get; } = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""), "ctipush admin session"u8))[..16];
}
