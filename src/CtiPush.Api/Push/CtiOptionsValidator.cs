using CtiPush.Core;
using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.Push;

/// <summary>
/// Refuses to start without a usable token (outside Development long enough to be a secret), and with a sipgate PBX
/// but no <see cref="CtiOptions.PublicBaseUrl"/>, in every environment; and with a signature scheme or key it cannot use.
/// </summary>
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
            if (format.ToLowerInvariant() is not (CtiOptions.JsonFormat or CtiOptions.SipgateFormat or CtiOptions.PlacetelFormat))
            {
                failures.Add($"Cti:Formats:{pbx} must be {CtiOptions.JsonFormat}, {CtiOptions.SipgateFormat} or {CtiOptions.PlacetelFormat}.");
            }
        }
        if (options.HasPublicBaseUrl && CtiOptions.PublicBase(options.PublicBaseUrl!) is null)
        {
            failures.Add("Cti:PublicBaseUrl must be an absolute http or https URL without query or fragment (https://cti.example.com).");
        }
        else if (!options.HasPublicBaseUrl && options.Formats.FirstOrDefault(f => options.AnswersInSipgateXml(f.Key)) is { Key: { } sipgate })
        {
            // The request's Host header is the client's to choose: an answer built from it could send sipgate elsewhere.
            failures.Add($"Cti:Formats:{sipgate} is sipgate, whose answers point back at this service: set Cti:PublicBaseUrl to where PBXs reach it (https://cti.example.com).");
        }
        foreach (var (pbx, signature) in options.Signatures)
        {
            if (!options.Tokens.ContainsKey(pbx))
            {
                failures.Add($"Cti:Signatures:{pbx} names no PBX of Cti:Tokens.");
            }
            if (signature.IsSipgate)
            {
                if (signature.PublicKey is { } pem && SipgateKeys.Read(pem) is null)
                {
                    // Name the setting; a key is no secret, but its text is long and says nothing.
                    failures.Add($"Cti:Signatures:{pbx}:PublicKey is not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----).");
                }
            }
            else if (!signature.IsHmac)
            {
                failures.Add($"Cti:Signatures:{pbx}:Scheme must be {SignatureOptions.HmacScheme} or {SignatureOptions.SipgateScheme}.");
            }
            else if (string.IsNullOrEmpty(signature.Secret) || (!environment.IsDevelopment() && signature.Secret.Length < CtiOptions.MinTokenLength))
            {
                failures.Add($"Cti:Signatures:{pbx}:Secret is empty or shorter than {CtiOptions.MinTokenLength} characters.");
            }
            if (signature.Header is not null && string.IsNullOrWhiteSpace(signature.Header))
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
