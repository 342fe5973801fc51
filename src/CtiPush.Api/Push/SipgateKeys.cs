using System.Security.Cryptography;

namespace CtiPush.Push;

/// <summary>The public keys that check sipgate's <c>X-Sipgate-Signature</c>: RSA-SHA256 (PKCS#1 v1.5) over the raw body, base64.</summary>
public static class SipgateKeys
{
    /// <summary>sipgate's published key (the embedded <c>Push/SipgatePushKey.pem</c>, which names its source).</summary>
    public static string Published { get; } = ReadPublished();

    /// <summary>The key of <paramref name="pem"/> as SubjectPublicKeyInfo bytes; null when it holds no RSA public key.</summary>
    public static byte[]? Read(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.ExportSubjectPublicKeyInfo();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="signature"/> (base64) is the key's signature of <paramref name="body"/>.</summary>
    public static bool Verifies(byte[] publicKey, ReadOnlySpan<byte> body, string signature)
    {
        Span<byte> decoded = stackalloc byte[1024]; // up to an 8192-bit key's signature
        if (!Convert.TryFromBase64String(signature.Trim(), decoded, out var length))
        {
            return false;
        }
        // A key of its own per check: RSA instances are not documented as safe to share between threads.
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        return rsa.VerifyData(body, decoded[..length], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static string ReadPublished()
    {
        using var stream = typeof(SipgateKeys).Assembly.GetManifestResourceStream("SipgatePushKey.pem")
            ?? throw new InvalidOperationException("The embedded SipgatePushKey.pem is missing.");
        return new StreamReader(stream).ReadToEnd();
    }
}
