using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>
/// Follows the audit trail for the live streams (the calls' stream, the screen pop): the calls that changed after a
/// position, in batches, each call once per batch in its latest state under its latest event id.
/// </summary>
public static class CallChanges
{
    /// <summary>How far behind the newest change a late commit is still picked up.</summary>
    public const int LookBack = 500;

    /// <summary>The newest position of the audit trail: a stream that starts here misses nothing after it.</summary>
    public static async Task<long> LatestAsync(CtiPushDbContext db, CancellationToken cancellationToken) =>
        await db.Set<CallEvent>().MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;

    /// <summary>
    /// Batches of changes after <paramref name="after"/> to the calls <paramref name="filter"/> selects (in SQL), until
    /// <paramref name="end"/>. Ids are handed out before commits land, so with concurrent writers id 100 can become
    /// visible after 101: each look goes back a window of ids and yields what it has not yielded yet. Between looks it
    /// waits for this instance's next change, or a second (what other instances wrote is read then).
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<(long EventId, Call Call)>> FollowAsync(
        CtiPushDbContext db, CallChangeFeed feed, long after, Expression<Func<Call, bool>>? filter,
        [EnumeratorCancellation] CancellationToken end)
    {
        var start = after;
        var sent = new HashSet<long>();
        while (!end.IsCancellationRequested)
        {
            var next = feed.NextChange; // taken before reading, so a change during the read is not missed
            var (rows, reached) = await ChangesAfterAsync(db, Math.Max(start, after - LookBack), filter, end);
            var changes = rows.Where(change => sent.Add(change.EventId)).ToList();
            // Past what the filter left out too, so a stream that selects few calls does not read ever more of the trail.
            after = Math.Max(after, reached);
            sent.RemoveWhere(id => id <= after - LookBack);
            if (changes.Count > 0)
            {
                // Several changes of one call in a batch: its latest state once, under the latest id.
                yield return [.. changes.GroupBy(c => c.Call.Id).Select(g => g.MaxBy(c => c.EventId)).OrderBy(c => c.EventId)];
                continue;
            }
            await WaitForChangeAsync(next, end);
        }
    }

    /// <summary>The selected changes after <paramref name="after"/>, and how far the trail was read: up to its newest entry, or the last change when there were more than one look takes.</summary>
    private static async Task<(List<(long EventId, Call Call)> Changes, long Reached)> ChangesAfterAsync(
        CtiPushDbContext db, long after, Expression<Func<Call, bool>>? filter, CancellationToken cancellationToken)
    {
        try
        {
            var newest = await LatestAsync(db, cancellationToken); // read first: what commits after it is read next time
            var calls = db.Set<Call>().AsNoTracking();
            if (filter is not null)
            {
                calls = calls.Where(filter);
            }
            var rows = await db.Set<CallEvent>().AsNoTracking()
                .Where(e => e.Id > after && e.Id <= newest)
                .Join(calls, e => e.CallRowId, c => c.Id, (e, c) => new { EventId = e.Id, Call = c })
                .OrderBy(r => r.EventId).Take(PerLook)
                .ToListAsync(cancellationToken);
            return ([.. rows.Select(r => (r.EventId, r.Call))], rows.Count == PerLook ? rows[^1].EventId : Math.Max(after, newest));
        }
        catch (OperationCanceledException)
        {
            return ([], after);
        }
    }

    /// <summary>The most changes one look reads; the rest come with the next.</summary>
    private const int PerLook = LookBack + 200;

    /// <summary>Until this instance changes a call, or a second has passed.</summary>
    private static async Task WaitForChangeAsync(Task next, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (Exception ended) when (ended is TimeoutException or OperationCanceledException)
        {
            // either way the loop looks again, or ends
        }
    }
}
