using CtiPush.Data;

namespace CtiPush.Privacy;

/// <summary>Every <see cref="IPersonalData"/>, asked together: one document, one transaction, one job.</summary>
public sealed class PersonalDataStores(IEnumerable<IPersonalData> stores)
{
    public async Task<PrivacyExport> ExportAsync(PersonalDataScope scope, CancellationToken cancellationToken)
    {
        var export = new PrivacyExport(scope.Number.Digits, Numbers.PhoneNumberNormalizer.Display(scope.Number.Digits), scope.Now);
        foreach (var store in stores)
        {
            await store.ExportAsync(scope, export, cancellationToken);
        }
        return export;
    }

    /// <summary>
    /// Every store's part in one transaction, with <paramref name="record"/> (the audit entry) last: all of it is
    /// committed, or none. A writer that changed a call meanwhile makes the whole erasure run again on fresh rows.
    /// </summary>
    public async Task<ErasureCounts> EraseAsync(
        CtiPushDbContext db, NumberMatcher number, string actor, DateTimeOffset now, Func<ErasureCounts, Task> record)
    {
        PersonalDataScope? committed = null;
        var counts = await db.RetryOnConflictAsync(async _ =>
        {
            var scope = new PersonalDataScope(db, number, actor, now);
            var counts = new ErasureCounts();
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var store in stores)
            {
                await store.EraseAsync(scope, counts);
                await db.SaveChangesAsync(CancellationToken.None); // each part in the transaction as it goes: the next sees it
            }
            await record(counts);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            committed = scope;
            return counts;
        });
        await committed!.CommittedAsync();
        return counts;
    }

    /// <summary>
    /// Anonymises everything about calls older than <paramref name="cutoff"/>, store by store, a batch per transaction and
    /// scope, so pushes keep flowing while an old log is anonymised. Answers how many records changed.
    /// </summary>
    public static async Task<int> AnonymiseAsync(IServiceScopeFactory scopes, DateTimeOffset cutoff, int batchSize, ILogger logger, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var store = 0; ; store++)
        {
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                if (scope.ServiceProvider.GetServices<IPersonalData>().ElementAtOrDefault(store) is not { } personalData)
                {
                    return total;
                }
                var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
                var changed = await db.RetryOnConflictAsync(_ => personalData.AnonymiseAsync(db, cutoff, batchSize, cancellationToken));
                total += changed;
                if (changed < batchSize)
                {
                    break;
                }
                logger.LogDebug("{Store} anonymised a batch of {Count}; looking for more", personalData.GetType().Name, changed);
            }
        }
    }
}
