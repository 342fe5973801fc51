using CtiPush.Callbacks;
using CtiPush.Data;
using CtiPush.Phonebook;

namespace CtiPush.Notifications;

/// <summary>Writes <c>callback.opened</c> and <c>callback.resolved</c> into the outbox, in the transaction that opened or resolved them.</summary>
internal sealed class CallbackNotifier(SubscriptionSnapshot snapshot) : ICallbackObserver
{
    public async Task CallbacksChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Callback> opened, IReadOnlyCollection<Callback> resolved, DateTimeOffset now)
    {
        var subscriptions = await snapshot.EnabledAsync(db);
        var changes = opened.Select(c => (Callback: c, Type: NotificationEvents.CallbackOpened))
            .Concat(resolved.Select(c => (Callback: c, Type: NotificationEvents.CallbackResolved)))
            .Where(c => subscriptions.Any(s => Wants(s, c.Type, c.Callback)))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }
        var names = await db.ForNumbersAsync(changes.Select(c => c.Callback.Number), CancellationToken.None);
        foreach (var (callback, type) in changes)
        {
            Outbox.Add(db, subscriptions.Where(s => Wants(s, type, callback)), $"evt_callback_{callback.Id}_{type["callback.".Length..]}", type,
                $"callback:{callback.Id}", CallbackView.Of(callback, names), now);
        }
    }

    /// <summary>A callback spans PBXs and people: a subscription for one PBX or one person's calls gets none; a queue's gets its queue's.</summary>
    private static bool Wants(Subscription s, string type, Callback callback) =>
        s.Events.Contains(type) && s.Source is null && s.User is null && (s.Queue is null || callback.Queues.Contains(s.Queue));
}
