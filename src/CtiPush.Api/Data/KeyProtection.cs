using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CtiPush.Data;

/// <summary>
/// The keys that sign and encrypt session cookies live in the database, so every instance shares them. Stored as they
/// come, anyone who can read the table (a backup, a replica, a dump) could forge a session cookie; so each key is
/// encrypted with a certificate's public key before it is stored (XML encryption), and only a service holding the
/// private key can use it. Keys stored before a certificate was set stay readable until they expire (90 days).
/// </summary>
public static class KeyProtection
{
    private const string PathSetting = $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePath)}";
    private const string PasswordSetting = $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePassword)}";

    internal static void Add(IHostApplicationBuilder builder, IDataProtectionBuilder keys)
    {
        builder.Services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyProtectionOptions>>(new Validator(builder.Environment.IsDevelopment()));
        // Loaded here, as the data protection builder wants the certificate itself; a file that cannot be loaded
        // registers nothing, and the validator refuses the start in one line before any key is made.
        var settings = builder.Configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        if (Load(settings, out _) is { } certificate)
        {
            keys.ProtectKeysWithCertificate(certificate);
        }
    }

    /// <summary>The certificate the settings name, or null with the reason (null too when none is set).</summary>
    private static X509Certificate2? Load(KeyProtectionOptions settings, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
        }
        catch (Exception unreadable) when (unreadable is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The framework's reason (no such file, a wrong password, not PKCS#12) never quotes the password.
            problem = $"{PathSetting} ({settings.CertificatePath}) cannot be loaded as a PKCS#12 file with {PasswordSetting}: "
                + unreadable.Message.ReplaceLineEndings(" ").Trim();
            return null;
        }
        using var publicKey = certificate.GetRSAPublicKey();
        if (publicKey is null || !certificate.HasPrivateKey)
        {
            problem = $"{PathSetting} ({settings.CertificatePath}) must hold an RSA certificate with its private key.";
            certificate.Dispose();
            return null;
        }
        return certificate;
    }

    private sealed class Validator(bool development) : IValidateOptions<KeyProtectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyProtectionOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.CertificatePath))
            {
                return development ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(
                    $"{PathSetting} is required outside Development: a PKCS#12 file whose certificate encrypts the session cookies' keys "
                    + $"in the database, with its password in {PasswordSetting} (README, Running in production, shows how to make one).");
            }
            using var certificate = Load(options, out var problem);
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
