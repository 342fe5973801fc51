using CtiPush.People;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Privacy;

/// <summary>
/// The audit list names numbers where a change was about one (<c>callback 7 (493012345678)</c>): the number is taken
/// out of those entries, the entries stay. Registered after every feature's store, so it sees what they left.
/// </summary>
internal sealed class AuditTrailData(ErasureHash hash) : IPersonalData
{
    public const string EraseAction = "privacy.erase";

    public async Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken)
    {
        var erasures = ErasurePrefix(await hash.OfAsync(scope.Db, scope.Number.Digits));
        var entries = (await NamingAsync(scope, cancellationToken))
            .Concat(await scope.Db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == EraseAction && e.Target!.StartsWith(erasures)).ToListAsync(cancellationToken))
            .OrderBy(e => e.Id);
        export.Add("auditEntries", entries.Select(e => new AuditEntryView(e.Id, e.At, e.Actor, e.Action, e.Target)));
    }

    public async Task EraseAsync(PersonalDataScope scope, ErasureCounts counts)
    {
        var ids = (await NamingAsync(scope, CancellationToken.None)).Select(e => e.Id).ToList();
        var entries = await scope.Db.Set<AuditEntry>().Where(e => ids.Contains(e.Id)).ToListAsync();
        foreach (var entry in entries)
        {
            entry.Target = scope.Number.Scrub(entry.Target!);
        }
        counts.Add("auditEntries", entries.Count);
    }

    /// <summary>What an erasure's own entry starts with: the number's reference, never the number.</summary>
    public static string ErasurePrefix(string reference) => $"number #{reference}";

    /// <summary>Entries whose target mentions the number. Read whole, as a target may write it in any format.</summary>
    private static async Task<List<AuditEntry>> NamingAsync(PersonalDataScope scope, CancellationToken cancellationToken)
    {
        var candidates = await scope.Db.Set<AuditEntry>().AsNoTracking().Where(e => e.Target != null).ToListAsync(cancellationToken);
        return [.. candidates.Where(e => scope.Number.Mentions(e.Target))];
    }
}
