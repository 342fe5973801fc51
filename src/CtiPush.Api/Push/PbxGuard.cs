using CtiPush.Infrastructure;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CtiPush.Push;

/// <summary>
/// What a PBX must show beyond its secret URL, where configured (both off by default): that it posts from one of
/// its networks, and that it signed the body: HMAC-SHA256 over the raw bytes, hex, in a header of its choice, or
/// sipgate's RSA signature (<see cref="SipgateKeys"/>).
/// </summary>
public sealed class PbxGuard(IOptions<CtiOptions> options)
{
    private readonly Dictionary<string, IPNetwork[]> networks = options.Value.AllowedNetworks
        .ToDictionary(n => n.Key, n => Networks.Parse(n.Value) ?? [], StringComparer.OrdinalIgnoreCase);

    // Per PBX: the header, and either the HMAC secret or sipgate's public key (validation made sure of one).
    private readonly Dictionary<string, (string Header, byte[]? Secret, byte[]? PublicKey)> signatures = options.Value.Signatures
        .ToDictionary(s => s.Key, s => s.Value.IsSipgate
            ? (s.Value.HeaderName, (byte[]?)null, SipgateKeys.Read(s.Value.PublicKey ?? SipgateKeys.Published))
            : (s.Value.HeaderName, Encoding.UTF8.GetBytes(s.Value.Secret), (byte[]?)null), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="address"/> may post for <paramref name="source"/>: any, unless networks are configured.</summary>
    public bool Admits(string source, IPAddress? address)
    {
        if (!networks.TryGetValue(source, out var allowed))
        {
            return true;
        }
        if (address is null)
        {
            return false;
        }
        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(address));
    }

    /// <summary>Why the body's signature does not hold; null when it does or none is required.</summary>
    public string? SignatureProblem(string source, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        if (!signatures.TryGetValue(source, out var signature))
        {
            return null;
        }
        var presented = headers[signature.Header].ToString();
        if (signature.PublicKey is { } publicKey)
        {
            if (presented.Length == 0)
            {
                return $"The body must be signed: sipgate's RSA-SHA256 signature of the body, base64, in the {signature.Header} header.";
            }
            return SipgateKeys.Verifies(publicKey, body, presented)
                ? null
                : $"The {signature.Header} header is not a signature of this body by the PBX's key.";
        }
        if (presented.Length == 0)
        {
            return $"The body must be signed: HMAC-SHA256 of the body, hex, in the {signature.Header} header.";
        }
        if (presented.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            presented = presented["sha256=".Length..];
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(signature.Secret ?? [], body, expected);
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = presented.Length == 2 * HMACSHA256.HashSizeInBytes
            && Convert.FromHexString(presented, given, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == given.Length;
        return valid && CryptographicOperations.FixedTimeEquals(expected, given)
            ? null
            : $"The {signature.Header} header is not the HMAC-SHA256 of this body under the PBX's secret.";
    }
}
