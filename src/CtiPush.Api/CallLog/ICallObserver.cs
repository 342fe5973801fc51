using CtiPush.Data;

namespace CtiPush.CallLog;

/// <summary>
/// A feature that follows calls (the callback worklist, notifications). Owned here, implemented there, so the call log
/// knows no feature that uses it. Called inside the transaction that changed the calls, after they are saved (each
/// has its id): what the observer adds to <c>db</c> commits with them, or not at all.
/// </summary>
public interface ICallObserver
{
    Task CallsChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now);
}
