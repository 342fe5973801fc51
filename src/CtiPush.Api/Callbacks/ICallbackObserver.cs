using CtiPush.Data;

namespace CtiPush.Callbacks;

/// <summary>
/// A feature that follows the worklist (notifications). Owned here, implemented there, so the worklist knows no feature
/// that uses it. Called inside the transaction that opened or resolved the callbacks, after they are saved (each has
/// its id): what the observer adds to <c>db</c> commits with them, or not at all.
/// </summary>
public interface ICallbackObserver
{
    Task CallbacksChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Callback> opened, IReadOnlyCollection<Callback> resolved, DateTimeOffset now);
}
