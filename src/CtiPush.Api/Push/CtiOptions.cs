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

    /// <summary>
    /// <c>Cti:Formats:{name}</c>: the dialect of that PBX, <c>json</c> (the protocol, the default), <c>sipgate</c> (the
    /// protocol's events, answered in sipgate.io's XML) or <c>placetel</c> (Placetel's notify API, answered in its XML).
    /// </summary>
    public Dictionary<string, string> Formats { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>Cti:Signatures:{name}</c>: that PBX signs each raw body, <c>:Scheme</c> <c>hmac-sha256</c> (the default) with
    /// <c>:Secret</c>, hex in <c>:Header</c> (default <c>X-Signature</c>; Placetel: <c>X-PLACETEL-SIGNATURE</c>), or
    /// <c>sipgate-rsa</c>, checked with <c>:PublicKey</c> (default: sipgate's) in <c>X-Sipgate-Signature</c>.
    /// </summary>
    public Dictionary<string, SignatureOptions> Signatures { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Cti:AllowedNetworks:{name}</c>: the addresses or CIDR networks that PBX posts from, comma-separated.</summary>
    public Dictionary<string, string> AllowedNetworks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AnswersInSipgateXml(string source) =>
        Formats.TryGetValue(source, out var format) && string.Equals(format, SipgateFormat, StringComparison.OrdinalIgnoreCase);

    public bool SpeaksPlacetel(string source) =>
        Formats.TryGetValue(source, out var format) && string.Equals(format, PlacetelFormat, StringComparison.OrdinalIgnoreCase);

    public const string JsonFormat = "json";
    public const string SipgateFormat = "sipgate";
    public const string PlacetelFormat = "placetel";
}
