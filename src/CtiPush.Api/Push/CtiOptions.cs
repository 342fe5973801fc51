namespace CtiPush.Push;

/// <summary>Section <c>Cti</c>: <c>Cti:Tokens:{pbx name}</c> = the secret in that PBX's push URL.</summary>
public sealed class CtiOptions
{
    public const string Section = "Cti";
    public const int MinTokenLength = 16;

    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where PBXs reach this service (<c>https://cti.example.com</c>, a path prefix allowed), for the URLs a sipgate
    /// answer points back at. Required when a PBX answers in sipgate's format: the request's Host header, which the
    /// client chooses, is never used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public bool HasPublicBaseUrl => !string.IsNullOrWhiteSpace(PublicBaseUrl);

    /// <summary>The push URL for <paramref name="token"/> under <see cref="PublicBaseUrl"/>, which validation made sure of.</summary>
    public string PushUrl(string route, string token) =>
        $"{PublicBase(PublicBaseUrl!)!.AbsoluteUri.TrimEnd('/')}{route}/{Uri.EscapeDataString(token)}";

    /// <summary>The base URL when it is an absolute http(s) URL without query or fragment; otherwise null.</summary>
    public static Uri? PublicBase(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri
            : null;

    /// <summary><c>Cti:Formats:{name}</c>: how that PBX is answered, <c>json</c> (default) or <c>sipgate</c> (XML).</summary>
    public Dictionary<string, string> Formats { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>Cti:Signatures:{name}:Secret</c> (and <c>:Header</c>, default <c>X-Signature</c>): that PBX signs each raw
    /// body with HMAC-SHA256 under the secret, hex in the header (Placetel: <c>X-PLACETEL-SIGNATURE</c>).
    /// </summary>
    public Dictionary<string, SignatureOptions> Signatures { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Cti:AllowedNetworks:{name}</c>: the addresses or CIDR networks that PBX posts from, comma-separated.</summary>
    public Dictionary<string, string> AllowedNetworks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AnswersInSipgateXml(string source) =>
        Formats.TryGetValue(source, out var format) && string.Equals(format, SipgateFormat, StringComparison.OrdinalIgnoreCase);

    public const string JsonFormat = "json";
    public const string SipgateFormat = "sipgate";
}
