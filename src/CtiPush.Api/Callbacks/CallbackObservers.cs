using CtiPush.Data;

namespace CtiPush.Callbacks;

/// <summary>Every <see cref="ICallbackObserver"/>, told of callbacks opened and resolved in the transaction that did it.</summary>
public sealed class CallbackObservers(IEnumerable<ICallbackObserver> observers)
{
    private readonly ICallbackObserver[] all = [.. observers];

    /// <summary>Saves (so new callbacks have ids) and tells every observer; the caller saves what they added and commits.</summary>
    public async Task ChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Callback> opened, IReadOnlyCollection<Callback> resolved, DateTimeOffset now)
    {
        if (all.Length == 0 || (opened.Count == 0 && resolved.Count == 0))
        {
            return;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var observer in all)
        {
            await observer.CallbacksChangedAsync(db, opened, resolved, now);
        }
    }
}
