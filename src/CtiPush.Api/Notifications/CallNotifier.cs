using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Phonebook;
using Microsoft.Extensions.Options;

namespace CtiPush.Notifications;

/// <summary>
/// Queues the call events subscriptions want (<see cref="QueuedEvent"/>), in the transaction that changed the calls, so
/// the PBX's 200 and its notifications commit together; the worker fans them out to the subscriptions. Which events a
/// call has reached follows from its state (ringing, answered, ended, missed); each is sent once per call and
/// subscription — its event id is fixed, and the unique indexes on it make a second write of it, from a later event
/// of the call or another instance, do nothing.
/// </summary>
internal sealed class CallNotifier(SubscriptionSnapshot snapshot, IOptions<WebhookOptions> options) : ICallObserver
{
    public async Task CallsChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now)
    {
        var subscriptions = await snapshot.EnabledAsync(db);
        if (subscriptions.Count == 0)
        {
            return;
        }
        // A call touched long after its events (marked done a year later) does not send them again once the outbox forgot them.
        var recent = now.AddDays(-Math.Max(1, options.Value.RetentionDays - 1));
        var queued = new List<OutboxRows.Queued>();
        foreach (var call in calls)
        {
            foreach (var type in EventsOf(call, recent))
            {
                var wanting = subscriptions.Where(s => Wants(s, type, call)).Select(s => s.Id).ToList();
                if (wanting.Count > 0)
                {
                    // Without names and legs: the worker puts the phonebook's names on at sending (DeliveryWorker), off this path.
                    var id = EventId(call, type);
                    queued.Add(new OutboxRows.Queued(id, type, $"call:{call.Id}", new Envelope(id, type, now, CallView.Of(call, ContactNames.None)).Serialize(), wanting));
                }
            }
        }
        if (queued.Count > 0)
        {
            // One row per event in the statement (an upsert may touch a row once): a call changed twice in the batch is one.
            await OutboxRows.QueueAsync(db, [.. queued.DistinctBy(q => q.EventId)], now);
        }
    }

    /// <summary>The events the call has reached, in the order they happen.</summary>
    private static IEnumerable<string> EventsOf(Call call, DateTimeOffset recent)
    {
        if (call.State == CallState.NewCall && !call.Blocked && call.StartedAt >= recent)
        {
            yield return NotificationEvents.CallRinging; // a rejected caller never rang for anyone
        }
        if (call.AnsweredAt >= recent)
        {
            yield return NotificationEvents.CallAnswered;
        }
        if (call.State == CallState.Hangup && call.EndedAt >= recent)
        {
            yield return NotificationEvents.CallEnded;
            if (call.Missed)
            {
                yield return NotificationEvents.CallMissed;
            }
        }
    }

    private static string EventId(Call call, string type) => $"evt_call_{call.Id}_{type["call.".Length..]}";

    /// <summary>The subscription asked for the event, and the call passes its filters (queue, PBX, PBX name).</summary>
    internal static bool Wants(Subscription s, string type, Call call) =>
        s.Events.Contains(type)
        && (s.Queue is null || s.Queue == call.Queue)
        && (s.Source is null || s.Source == call.Source)
        && (s.User is null || call.Users.Contains(s.User, StringComparer.OrdinalIgnoreCase) || string.Equals(call.AnsweredBy, s.User, StringComparison.OrdinalIgnoreCase));
}
