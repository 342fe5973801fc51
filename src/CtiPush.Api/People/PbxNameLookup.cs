using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>Whether a value a PBX sends (a SIP peer, say) is one of a person's PBX names.</summary>
public sealed class PbxNameLookup(CtiPushDbContext db)
{
    public Task<bool> IsPersonsAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = PbxName.Normalize(name);
        return db.Set<PbxName>().AsNoTracking().AnyAsync(n => n.Normalized == normalized, cancellationToken);
    }
}
