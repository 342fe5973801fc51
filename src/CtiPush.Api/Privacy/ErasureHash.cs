using System.Security.Cryptography;
using System.Text;
using CtiPush.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.Privacy;

/// <summary>
/// Names an erased number without keeping it: HMAC-SHA256 of its E.164 digits under a salt, so the same number
/// always gives the same reference (a repeated request is recognised) and the reference gives no number back.
/// </summary>
public sealed class ErasureHash(IOptions<PrivacyOptions> options, IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("CtiPush.Privacy.Salt");
    private byte[]? salt;

    /// <summary>The reference for <paramref name="digits"/>: 32 hex characters.</summary>
    public async Task<string> OfAsync(CtiPushDbContext db, string digits)
    {
        var key = salt ??= await SaltAsync(db);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(digits)))[..32];
    }

    private async Task<byte[]> SaltAsync(CtiPushDbContext db)
    {
        if (options.Value.HashSalt is { Length: > 0 } configured)
        {
            return Encoding.UTF8.GetBytes(configured);
        }
        if (await StoredAsync(db) is { } stored)
        {
            return stored;
        }
        db.Add(new PrivacySalt { Protected = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another instance made it first: theirs is the one.
            db.ChangeTracker.Clear();
        }
        return await StoredAsync(db) ?? throw new InvalidOperationException("The privacy salt was not stored.");
    }

    private async Task<byte[]?> StoredAsync(CtiPushDbContext db) =>
        await db.Set<PrivacySalt>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == PrivacySalt.TheOne) is { } row
            ? Convert.FromBase64String(protector.Unprotect(row.Protected))
            : null;
}
