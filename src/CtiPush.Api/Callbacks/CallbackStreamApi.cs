using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using CtiPush.CallLog;
using CtiPush.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Callbacks;

/// <summary>
/// <c>GET /api/v1/callbacks/stream</c>: a <c>summary</c> event at once and whenever the worklist changed, on this
/// instance or another (the calls' change signal wakes it; it also looks once a second). The page reloads its list on it.
/// </summary>
public static class CallbackStreamApi
{
    public static void Map(RouteGroupBuilder callbacks) =>
        callbacks.MapGet("/stream", Stream).WithName("StreamCallbacks")
            .WithSummary("Server-sent events: the worklist's summary (open, oldest) at once and whenever it changes");

    private static ServerSentEventsResult<CallbackSummary> Stream(
        CtiPushDbContext db, CallChangeFeed feed, IHostApplicationLifetime lifetime, CancellationToken requestAborted) =>
        TypedResults.ServerSentEvents(Summaries(db, feed, requestAborted, lifetime.ApplicationStopping), "summary");

    private static async IAsyncEnumerable<CallbackSummary> Summaries(
        CtiPushDbContext db, CallChangeFeed feed, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        string? last = null;
        while (!end.IsCancellationRequested)
        {
            var next = feed.NextChange; // taken before reading, so a change during the read is not missed
            CallbackSummary? summary;
            try
            {
                summary = await SummaryAsync(db, end.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (summary.Mark != last)
            {
                last = summary.Mark;
                yield return summary;
            }
            try
            {
                await next.WaitAsync(TimeSpan.FromSeconds(1), end.Token);
            }
            catch (TimeoutException)
            {
                // the once-a-second look, in case a signal was lost
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>The mark is the sum of the open callbacks' versions and ids, and the newest resolution: any change moves it.</summary>
    private static async Task<CallbackSummary> SummaryAsync(CtiPushDbContext db, CancellationToken cancellationToken)
    {
        var open = await db.Set<Callback>().AsNoTracking().Where(c => c.State == CallbackState.Open)
            .Select(c => new { c.Id, c.Version, c.FirstAt }).ToListAsync(cancellationToken);
        var resolved = await db.Set<Callback>().AsNoTracking().Where(c => c.State == CallbackState.Resolved)
            .OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        var mark = $"{open.Count}.{open.Sum(c => c.Id * 31 + c.Version)}.{resolved}";
        return new CallbackSummary(open.Count, open.Count == 0 ? null : open.Min(c => c.FirstAt), mark);
    }
}
