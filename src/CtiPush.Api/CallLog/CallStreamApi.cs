using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using CtiPush.Data;
using CtiPush.Phonebook;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary><c>GET /api/v1/calls/stream</c>: server-sent events, each change to a call as it happens, resumable.</summary>
public static class CallStreamApi
{
    public static void Map(RouteGroupBuilder calls) =>
        calls.MapGet("/stream", Stream).WithName("StreamCalls")
            .WithSummary("Server-sent events: each change to a call as it happens; resumable with Last-Event-ID");

    private static async Task<ServerSentEventsResult<object>> Stream(
        CtiPushDbContext db, CallChangeFeed feed, IHostApplicationLifetime lifetime,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken requestAborted)
    {
        // Where the stream starts is fixed before the client sees the response: nothing after it is missed.
        var latest = await db.Set<CallEvent>().MaxAsync(e => (long?)e.Id, requestAborted) ?? 0;
        // A resumed stream starts after the client's last event; an id this service never gave starts from now.
        var after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Math.Min(id, latest) : latest;
        return TypedResults.ServerSentEvents(Changes(db, feed, after, requestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>
    /// Each change is an entry of the audit trail; its id is the event id a client resumes from. A first
    /// <c>ready</c> event sends the response at once (a client waits for it) and gives the position it starts from.
    /// The stream ends when the client goes or the service stops, so a stream never holds up a shutdown.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Changes(
        CtiPushDbContext db, CallChangeFeed feed, long after, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        yield return new SseItem<object>(new { after }, "ready") { EventId = after.ToString(CultureInfo.InvariantCulture) };
        // Ids are handed out before commits land, so with concurrent writers id 100 can become visible after 101.
        // Each look goes back a window of ids and sends what it has not sent yet.
        var start = after;
        var sent = new HashSet<long>();
        while (!end.IsCancellationRequested)
        {
            var next = feed.NextChange; // taken before reading, so a change during the read is not missed
            var changes = (await ChangesAfterAsync(db, Math.Max(start, after - LookBack), end.Token))
                .Where(change => sent.Add(change.EventId))
                .ToList();
            // Several changes of one call in a batch: its latest state once, under the latest id.
            var latest = changes.GroupBy(c => c.Call.Id).Select(g => g.MaxBy(c => c.EventId)).OrderBy(c => c.EventId).ToList();
            var names = await NamesOrNoneAsync(db, latest.SelectMany(c => (string?[])[c.Call.FromNumber, c.Call.ToNumber]), end.Token);
            foreach (var (eventId, call) in latest)
            {
                yield return new SseItem<object>(CallView.Of(call, names), "call") { EventId = eventId.ToString(CultureInfo.InvariantCulture) };
            }
            if (changes.Count > 0)
            {
                after = Math.Max(after, changes.Max(c => c.EventId));
                sent.RemoveWhere(id => id <= after - LookBack);
                continue;
            }
            await WaitForChangeAsync(next, end.Token);
        }
    }

    /// <summary>How far behind the newest change a late commit is still picked up.</summary>
    private const int LookBack = 500;

    private static async Task<List<(long EventId, Call Call)>> ChangesAfterAsync(CtiPushDbContext db, long after, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await db.Set<CallEvent>().AsNoTracking()
                .Where(e => e.Id > after).OrderBy(e => e.Id).Take(LookBack + 200)
                .Join(db.Set<Call>().AsNoTracking(), e => e.CallRowId, c => c.Id, (e, c) => new { EventId = e.Id, Call = c })
                .ToListAsync(cancellationToken);
            return [.. rows.Select(r => (r.EventId, r.Call))];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesOrNoneAsync(
        CtiPushDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        try
        {
            return await db.ForNumbersAsync(numbers, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ContactNames.None; // the stream is ending; the loop stops after this batch
        }
    }

    /// <summary>Until this instance changes a call, or a second has passed (what other instances wrote is read then).</summary>
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
