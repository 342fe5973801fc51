using System.Security.Claims;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>The names PBXs know the signed-in person by, for "my calls" and the screen pop.</summary>
public sealed class PbxNamesOfUser(CtiPushDbContext db)
{
    /// <summary>Upper-cased (<see cref="PbxName.Normalize"/>); none for the admin key or a person without PBX names.</summary>
    public async Task<IReadOnlyList<string>> OfAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        PeopleClaims.PersonOf(user) is { } id
            ? await db.Set<PbxName>().AsNoTracking().Where(n => n.PersonId == id).Select(n => n.Normalized).ToListAsync(cancellationToken)
            : [];
}
