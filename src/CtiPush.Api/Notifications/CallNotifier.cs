using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Data;

namespace CtiPush.Notifications;

/// <summary>
/// Queues the call events subscriptions want (<see cref="QueuedEvent"/>), in the transaction that changed the calls, so
/// the PBX's 200 and its notifications commit together; the worker fans them out to the subscriptions. A change queues
/// the milestones it reached (<see cref="Call.ReachedNow"/>), so each is queued once, by the event that caused it, and
/// goes to the subscriptions there are then. Its event id is fixed, and the unique indexes on it make a second write
/// of it (another instance racing on the same call) do nothing.
/// </summary>
internal sealed class CallNotifier(SubscriptionSnapshot snapshot) : ICallObserver
{
    public ICallLookAhead? LookAhead(CtiPushDbContext db, IReadOnlyCollection<Call> calls) => null; // its subscriptions: a snapshot in memory, read at most once a second

    /// <summary>Unconcerned when no subscription wants any milestone the calls reached: the snapshot answers, not the database.</summary>
    public async ValueTask<Unconcerned?> UnconcernedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls)
    {
        var subscriptions = await snapshot.EnabledAsync(db);
        var wanted = subscriptions.Count > 0 && calls.Any(call => EventsOf(call.ReachedNow).Any(type => subscriptions.Any(s => Wants(s, type, call))));
        return wanted ? null : Unconcerned.Always;
    }

    public async Task CallsChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now, ICallLookAhead? lookedAhead)
    {
        var subscriptions = await snapshot.EnabledAsync(db);
        if (subscriptions.Count == 0)
        {
            return;
        }
        var queued = new List<OutboxRows.Queued>();
        foreach (var call in calls)
        {
            string? data = null; // the call as it is now, serialised once for all the events it reached
            foreach (var type in EventsOf(call.ReachedNow))
            {
                var wanting = subscriptions.Where(s => Wants(s, type, call)).Select(s => s.Id).ToList();
                if (wanting.Count > 0)
                {
                    // Bare: the worker puts names, displayed numbers and legs on at sending (CallPayloads), off this path.
                    data ??= JsonSerializer.Serialize(CallView.Bare(call), Envelope.Json);
                    var id = EventId(call, type);
                    queued.Add(new OutboxRows.Queued(id, type, $"call:{call.Id}", Envelope.Serialize(id, type, now, data), wanting));
                }
            }
        }
        if (queued.Count > 0)
        {
            // One row per event in the statement: an upsert may touch a row once.
            await OutboxRows.QueueAsync(db, [.. queued.DistinctBy(q => q.EventId)], now);
        }
    }

    /// <summary>The events of <paramref name="reached"/>, in the order they happen.</summary>
    private static IEnumerable<string> EventsOf(CallMilestones reached)
    {
        if (reached.HasFlag(CallMilestones.Ringing))
        {
            yield return NotificationEvents.CallRinging;
        }
        if (reached.HasFlag(CallMilestones.Answered))
        {
            yield return NotificationEvents.CallAnswered;
        }
        if (reached.HasFlag(CallMilestones.Ended))
        {
            yield return NotificationEvents.CallEnded;
        }
        if (reached.HasFlag(CallMilestones.Missed))
        {
            yield return NotificationEvents.CallMissed;
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
