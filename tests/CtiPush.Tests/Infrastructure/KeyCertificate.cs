using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The certificate that encrypts the session cookies' keys, as production needs one (<c>DataProtection:CertificatePath</c>):
/// self-signed, made once per test run and written as a password-protected PKCS#12 file to a temporary folder.
/// </summary>
public static class KeyCertificate
{
    public const string Password = "key-certificate-password-for-tests";

    private static readonly Lazy<string> File = new(Create);

    /// <summary>The PKCS#12 file's path.</summary>
    public static string Path => File.Value;

    /// <summary>The settings that name the certificate, as configuration keys.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("DataProtection:CertificatePath", Path), new("DataProtection:CertificatePassword", Password)];

    /// <summary>The same as environment variables, for a service started as its own process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Settings.Select(setting => new KeyValuePair<string, string>(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value));

    private static string Create()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=ctipush-keys-tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("ctipush-keys").FullName, "keys.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
