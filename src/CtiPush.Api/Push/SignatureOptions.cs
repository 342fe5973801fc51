namespace CtiPush.Push;

/// <summary><c>Cti:Signatures:{name}</c>: how that PBX signs each body.</summary>
public sealed class SignatureOptions
{
    public const string HmacScheme = "hmac-sha256";
    public const string SipgateScheme = "sipgate-rsa";
    public const string DefaultHeader = "X-Signature";
    public const string SipgateHeader = "X-Sipgate-Signature";

    /// <summary><c>hmac-sha256</c> (a shared secret, the default) or <c>sipgate-rsa</c> (sipgate.io's signature, checked with a public key).</summary>
    public string Scheme { get; set; } = HmacScheme;

    /// <summary>The shared secret of <c>hmac-sha256</c>.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The header the signature comes in; by default <c>X-Signature</c>, or sipgate's <c>X-Sipgate-Signature</c>.</summary>
    public string? Header { get; set; }

    /// <summary>The PEM public key of <c>sipgate-rsa</c>; by default sipgate's published key (<c>Push/SipgatePushKey.pem</c>).</summary>
    public string? PublicKey { get; set; }

    public bool IsSipgate => string.Equals(Scheme?.Trim(), SipgateScheme, StringComparison.OrdinalIgnoreCase);

    public bool IsHmac => string.Equals(Scheme?.Trim(), HmacScheme, StringComparison.OrdinalIgnoreCase);

    public string HeaderName => Header ?? (IsSipgate ? SipgateHeader : DefaultHeader);
}
