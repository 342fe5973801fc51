using System.Data.Common;
using CtiPush.Data;

namespace CtiPush.CallLog;

/// <summary>
/// A feature that follows calls (the callback worklist, notifications). Owned here, implemented there, so the call log
/// knows no feature that uses it. Called inside the transaction that changed the calls, after they are saved (each
/// has its id): what the observer adds to <c>db</c> commits with them, or not at all.
/// </summary>
public interface ICallObserver
{
    /// <summary>
    /// A question about the stored state the observer will need for <paramref name="calls"/>, asked of them as changed
    /// but not yet saved (a new call has no id), and sent with the push's writes in their round trip, so its answer
    /// costs no round trip of its own. Null: nothing to ask.
    /// </summary>
    ICallLookAhead? LookAhead(CtiPushDbContext db, IReadOnlyCollection<Call> calls);

    /// <param name="lookedAhead">This observer's <see cref="LookAhead"/>, answered; null where none was asked.</param>
    Task CallsChangedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls, DateTimeOffset now, ICallLookAhead? lookedAhead);
}

/// <summary>A query on the context's connection, in its transaction; each row of its answer is handed to <see cref="Read"/>.</summary>
public interface ICallLookAhead
{
    DbCommand Command { get; }

    void Read(DbDataReader row);
}
