using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CtiPush.Push;

/// <summary>Section <c>Cti</c>: <c>Cti:Tokens:{pbx name}</c> = the secret in that PBX's push URL.</summary>
public sealed class CtiOptions
{
    public const string Section = "Cti";
    public const int MinTokenLength = 16;

    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.OrdinalIgnoreCase);
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
            if (pbx.Length > CallLog.CallConfiguration.SourceLength)
            {
                failures.Add($"The PBX name '{pbx[..20]}…' in Cti:Tokens is longer than {CallLog.CallConfiguration.SourceLength} characters.");
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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Finds which PBX a push token belongs to, comparing in constant time.</summary>
public sealed class PbxTokens
{
    private readonly (string Source, byte[] Hash)[] tokens;

    public PbxTokens(IOptions<CtiOptions> options) =>
        tokens = [.. options.Value.Tokens.Select(t => (t.Key, Hash(t.Value)))];

    /// <summary>The PBX's name, or null. Hashing first gives equal lengths, and every token is compared.</summary>
    public string? SourceOf(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var hash = Hash(presented);
        string? source = null;
        foreach (var token in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash))
            {
                source = token.Source;
            }
        }
        return source;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
