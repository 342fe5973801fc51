using CtiPush.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.Push;

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
