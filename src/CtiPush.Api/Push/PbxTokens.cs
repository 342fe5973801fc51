using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>Section <c>Cti</c>: <c>Cti:Tokens:{pbx name}</c> = the secret in that PBX's push URL.</summary>
public sealed class CtiOptions
{
    public const string Section = "Cti";
    public const int MinTokenLength = 16;

    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where PBXs reach this service (<c>https://cti.example.com</c>), for the URLs a sipgate answer points back at;
    /// unset, the request's own scheme and host are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

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

public sealed class SignatureOptions
{
    public const string DefaultHeader = "X-Signature";

    public string Secret { get; set; } = "";
    public string Header { get; set; } = DefaultHeader;
}

/// <summary>Refuses to start without a usable token; outside Development a token must be long enough to be a secret.</summary>
internal sealed class CtiOptionsValidator(IHostEnvironment environment) : IValidateOptions<CtiOptions>
{
    public ValidateOptionsResult Validate(string? name, CtiOptions options)
    {
        if (options.Tokens.Count == 0)
        {
            return ValidateOptionsResult.Fail("No PBX token is configured: set Cti:Tokens:{name} (environment variable Cti__Tokens__main=...).");
        }
        var failures = new List<string>();
        foreach (var (pbx, token) in options.Tokens)
        {
            // Name the setting, never the secret.
            if (pbx.Length > CallLimits.SourceLength)
            {
                failures.Add($"The PBX name '{pbx[..20]}…' in Cti:Tokens is longer than {CallLimits.SourceLength} characters.");
            }
            else if (string.IsNullOrWhiteSpace(token))
            {
                failures.Add($"Cti:Tokens:{pbx} is empty.");
            }
            else if (!environment.IsDevelopment() && token.Length < CtiOptions.MinTokenLength)
            {
                failures.Add($"Cti:Tokens:{pbx} is shorter than {CtiOptions.MinTokenLength} characters.");
            }
        }
        foreach (var (pbx, format) in options.Formats)
        {
            if (!options.Tokens.ContainsKey(pbx))
            {
                failures.Add($"Cti:Formats:{pbx} names no PBX of Cti:Tokens.");
            }
            if (format.ToLowerInvariant() is not (CtiOptions.JsonFormat or CtiOptions.SipgateFormat))
            {
                failures.Add($"Cti:Formats:{pbx} must be {CtiOptions.JsonFormat} or {CtiOptions.SipgateFormat}.");
            }
        }
        foreach (var (pbx, signature) in options.Signatures)
        {
            if (!options.Tokens.ContainsKey(pbx))
            {
                failures.Add($"Cti:Signatures:{pbx} names no PBX of Cti:Tokens.");
            }
            if (string.IsNullOrEmpty(signature.Secret) || (!environment.IsDevelopment() && signature.Secret.Length < CtiOptions.MinTokenLength))
            {
                failures.Add($"Cti:Signatures:{pbx}:Secret is empty or shorter than {CtiOptions.MinTokenLength} characters.");
            }
            if (string.IsNullOrWhiteSpace(signature.Header))
            {
                failures.Add($"Cti:Signatures:{pbx}:Header is empty.");
            }
        }
        foreach (var (pbx, networks) in options.AllowedNetworks)
        {
            if (!options.Tokens.ContainsKey(pbx))
            {
                failures.Add($"Cti:AllowedNetworks:{pbx} names no PBX of Cti:Tokens.");
            }
            if (Networks.Parse(networks) is null)
            {
                failures.Add($"Cti:AllowedNetworks:{pbx} must be addresses or CIDR networks, comma-separated (203.0.113.0/24, 198.51.100.7).");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Finds which PBX a push token belongs to, comparing in constant time.</summary>
public sealed class PbxTokens(IOptions<CtiOptions> options)
{
    private readonly (string Source, SecretDigest Token)[] tokens =
        [.. options.Value.Tokens.Select(t => (t.Key, new SecretDigest(t.Value)))];

    public IEnumerable<string> Sources => tokens.Select(t => t.Source);

    /// <summary>The PBX's name, or null. Every token is compared, whichever matches.</summary>
    public string? SourceOf(string? presented)
    {
        string? source = null;
        foreach (var (name, token) in tokens)
        {
            if (token.Matches(presented))
            {
                source = name;
            }
        }
        return source;
    }
}
