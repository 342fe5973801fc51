using CtiPush.Data;

namespace CtiPush.CallLog;

/// <summary>Every <see cref="ICallObserver"/>, told of changed calls in the transaction that changed them.</summary>
public sealed class CallObservers(IEnumerable<ICallObserver> observers)
{
    /// <summary>
    /// Saves the changes to <paramref name="calls"/> (so each has its id), lets every observer follow them, and saves
    /// what they added. The caller holds the transaction and commits it.
    /// </summary>
    public async Task SaveAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now)
    {
        // Not a request's token: once calls are being written, a client hanging up must not half-abort it.
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var observer in observers)
        {
            await observer.CallsChangedAsync(db, calls, now);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
