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

    /// <summary>
    /// Whether the observer would add nothing for <paramref name="calls"/> (changed, not yet saved), so the push's
    /// writer may commit them in the round trip that writes them, without telling it: one round trip a batch instead of
    /// two. Null: it may add something, and is told as ever. Asked only where the writer can commit so (PostgreSQL).
    /// </summary>
    ValueTask<Unconcerned?> UnconcernedAsync(CtiPushDbContext db, IReadOnlyCollection<Call> calls);
}

/// <summary>An observer's word that it would add nothing for the calls it was asked of (<see cref="ICallObserver.UnconcernedAsync"/>).</summary>
/// <param name="Provided">
/// A query of one boolean on the context's connection, true while the stored state keeps the word: asked in the writer's
/// round trip, before its commit. If it answers false, nothing is committed, and the batch is written again, the observer
/// told. Null: the word holds whatever is stored.
/// </param>
public sealed record Unconcerned(DbCommand? Provided)
{
    public static readonly Unconcerned Always = new((DbCommand?)null);
}

/// <summary>A query on the context's connection, in its transaction; each row of its answer is handed to <see cref="Read"/>.</summary>
public interface ICallLookAhead
{
    DbCommand Command { get; }

    void Read(DbDataReader row);
}
