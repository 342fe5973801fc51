using CtiPush.Data;

namespace CtiPush.Privacy;

/// <summary>One export or erasure: the database, the number, who asks, and what to do once the erasure is committed.</summary>
public sealed class PersonalDataScope(CtiPushDbContext db, NumberMatcher number, string actor, DateTimeOffset now)
{
    private readonly List<Func<Task>> afterCommit = [];

    public CtiPushDbContext Db { get; } = db;
    public NumberMatcher Number { get; } = number;
    public string Actor { get; } = actor;
    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// Runs <paramref name="then"/> once the erasure is committed (never when it is not): drop what a feature keeps in
    /// memory, tell other instances (<see cref="ClusterSignals"/>), wake live streams.
    /// </summary>
    public void AfterCommit(Func<Task> then) => afterCommit.Add(then);

    internal async Task CommittedAsync()
    {
        foreach (var then in afterCommit)
        {
            await then();
        }
    }
}
