using System.Diagnostics;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Notifications;

/// <summary>
/// The enabled subscriptions, as the writers of notifications see them: read in the writing transaction at most once a
/// second (a change through this instance's API is seen at once, another instance's within a second), so a batch of
/// PBX events with no subscription costs no query at all.
/// </summary>
public sealed class SubscriptionSnapshot
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private sealed record Loaded(IReadOnlyList<Subscription> Subscriptions, long At);

    private volatile Loaded? loaded;

    public async Task<IReadOnlyList<Subscription>> EnabledAsync(CtiPushDbContext db)
    {
        if (loaded is { } current && Stopwatch.GetElapsedTime(current.At) < MaxAge)
        {
            return current.Subscriptions;
        }
        var at = Stopwatch.GetTimestamp();
        var subscriptions = await db.Set<Subscription>().AsNoTracking().Where(s => s.Enabled).OrderBy(s => s.Id).ToListAsync();
        loaded = new Loaded(subscriptions, at);
        return subscriptions;
    }

    /// <summary>A subscription changed here: the next writer reads them again.</summary>
    public void Invalidate() => loaded = null;
}
