using CtiPush.Data;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;
using CtiPush.Core;

namespace CtiPush.Rules;

/// <summary>
/// The rules in memory, decided against in microseconds. A change through the admin API reloads them before
/// it answers, so the very next newCall sees it; changes made on other instances are noticed by
/// a signal from them (<see cref="ClusterSignals"/>), and by <see cref="RuleRefresher"/>, which compares the
/// stored version once a second in case a signal was lost.
/// </summary>
public sealed class RuleBook : INewCallDecider
{
    public const string Channel = "ctipush_rules";

    private readonly IServiceScopeFactory scopes;
    private readonly ClusterSignals signals;
    private readonly ILogger<RuleBook> logger;
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile CompiledRules current = CompiledRules.Empty;

    public RuleBook(IServiceScopeFactory scopes, ClusterSignals signals, ILogger<RuleBook> logger)
    {
        (this.scopes, this.signals, this.logger) = (scopes, signals, logger);
        // Another instance changed the rules: look now, not at the next tick.
        signals.Subscribe(Channel, () => _ = RefreshQuietlyAsync());
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception failure)
        {
            logger.LogDebug("Could not check the rules on a signal ({Reason}); the next tick does", DatabaseFailure.ReasonOf(failure));
        }
    }

    /// <summary>After a change is committed: reload here before answering, and tell the other instances.</summary>
    public async Task AfterChangeAsync()
    {
        await TryReloadAsync();
        signals.Publish(Channel);
    }

    public CallDecision Decide(NewCallFacts call) => current.Decide(call);

    public ValueTask<CallDecision> DecideAsync(NewCallFacts call, CancellationToken cancellationToken) =>
        current == CompiledRules.Empty ? LoadThenDecideAsync(call, cancellationToken) : ValueTask.FromResult(current.Decide(call));

    /// <summary>The rules could not be read at start-up (the database was down): read them before the first decision.</summary>
    private async ValueTask<CallDecision> LoadThenDecideAsync(NewCallFacts call, CancellationToken cancellationToken)
    {
        await ReloadAsync(onlyIfNeverLoaded: true, cancellationToken);
        return current.Decide(call);
    }

    /// <summary>Loads the rules when the stored version differs from the one in memory.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        var version = await db.Set<RuleSet>().Select(r => r.Version).SingleAsync(cancellationToken);
        if (version != current.Version)
        {
            await ReloadAsync(onlyIfNeverLoaded: false, cancellationToken);
        }
    }

    /// <summary>
    /// Within a change's transaction: moves the stored version on, so every instance reloads. Comes first in a
    /// change, as it locks the rule_set row and concurrent changes take turns.
    /// </summary>
    public static Task<int> MarkChangedAsync(CtiPushDbContext db) =>
        db.Set<RuleSet>().ExecuteUpdateAsync(set => set.SetProperty(r => r.Version, r => r.Version + 1));

    /// <summary>
    /// Within a phonebook change's transaction: when a block entry names one of <paramref name="contactIds"/>, its
    /// numbers are part of the rules, so the version moves on. True when the rules must be reloaded after the commit.
    /// </summary>
    public static async Task<bool> MarkChangedIfBlockedAsync(CtiPushDbContext db, IReadOnlyCollection<long> contactIds)
    {
        if (contactIds.Count == 0 || !await db.Set<BlockedNumber>().AnyAsync(b => b.ContactId != null && contactIds.Contains(b.ContactId.Value)))
        {
            return false;
        }
        await MarkChangedAsync(db);
        return true;
    }

    /// <summary>After a change is committed: a failure to reload is logged, and the refresher tries again within a second.</summary>
    public async Task TryReloadAsync()
    {
        try
        {
            await ReloadAsync(onlyIfNeverLoaded: false, CancellationToken.None);
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "The rules changed but could not be reloaded; the next check retries");
        }
    }

    public async Task ReloadAsync(bool onlyIfNeverLoaded, CancellationToken cancellationToken)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfNeverLoaded && current != CompiledRules.Empty)
            {
                return; // another request loaded them while this one waited
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
            // The version first: a change that lands while the rules are read leaves the version behind them,
            // and the next check reloads once more. No transaction, so a reload never holds SQLite's write lock.
            var settings = await db.Set<RuleSet>().AsNoTracking().SingleAsync(cancellationToken);
            var blocked = await db.Set<BlockedNumber>().AsNoTracking().Where(b => b.Enabled).OrderBy(b => b.Id).ToListAsync(cancellationToken);
            var contacts = blocked.Select(b => b.ContactId).OfType<long>().Distinct().ToList();
            var contactNumbers = await db.Set<ContactNumber>().AsNoTracking()
                .Where(n => contacts.Contains(n.ContactId)).Select(n => new { n.ContactId, n.Normalized }).ToListAsync(cancellationToken);
            var routes = await db.Set<CallerIdRoute>().AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken);

            current = new CompiledRules(settings.Version, blocked, contactNumbers.ToLookup(n => n.ContactId, n => n.Normalized), routes, settings.DefaultCallerId);
            logger.LogInformation("Rules version {Version} loaded: {Blocked} blocked numbers, {Routes} caller id routes, default caller id {DefaultCallerId}",
                settings.Version, blocked.Count, routes.Count, settings.DefaultCallerId ?? "none");
        }
        finally
        {
            reloading.Release();
        }
    }
}
