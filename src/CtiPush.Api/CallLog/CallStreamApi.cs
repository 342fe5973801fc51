using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using CtiPush.Data;
using CtiPush.Phonebook;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
        var latest = await CallChanges.LatestAsync(db, requestAborted);
        return TypedResults.ServerSentEvents(Changes(db, feed, ResumeAt(lastEventId, latest), requestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>A resumed stream starts after the client's last event; an id this service never gave starts from now.</summary>
    public static long ResumeAt(string? lastEventId, long latest) =>
        long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Math.Min(id, latest) : latest;

    /// <summary>
    /// Each change is an entry of the audit trail; its id is the event id a client resumes from. A first
    /// <c>ready</c> event sends the response at once (a client waits for it) and gives the position it starts from.
    /// The stream ends when the client goes or the service stops, so a stream never holds up a shutdown.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Changes(
        CtiPushDbContext db, CallChangeFeed feed, long after, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        yield return Ready(after);
        await foreach (var latest in CallChanges.FollowAsync(db, feed, after, null, end.Token))
        {
            var names = await NamesOrNoneAsync(db, latest.SelectMany(c => (string?[])[c.Call.FromNumber, c.Call.ToNumber]), end.Token);
            foreach (var (eventId, call) in latest)
            {
                yield return new SseItem<object>(CallView.Of(call, names), "call") { EventId = eventId.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }

    /// <summary>The first event of a stream: where it starts, also as its event id.</summary>
    public static SseItem<object> Ready(long after) =>
        new(new { after }, "ready") { EventId = after.ToString(CultureInfo.InvariantCulture) };

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
}
