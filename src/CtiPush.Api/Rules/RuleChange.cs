using Microsoft.EntityFrameworkCore.Storage;

namespace CtiPush.Rules;

/// <summary>
/// One change to the rules, all or nothing. Moving the version on comes first: it locks the rule_set row, so
/// concurrent changes (and their checks for duplicates and positions) take turns. After the commit the rules
/// are reloaded, so the very next newCall sees the change.
/// </summary>
internal sealed class RuleChange(RuleServices s, IDbContextTransaction transaction) : IAsyncDisposable
{
    public static async Task<RuleChange> BeginAsync(RuleServices s)
    {
        var transaction = await s.Db.Database.BeginTransactionAsync();
        await RuleBook.MarkChangedAsync(s.Db);
        return new RuleChange(s, transaction);
    }

    /// <summary>Commits, recording <paramref name="action"/> on <paramref name="target"/> and who did it in the audit list.</summary>
    public async Task CommitAsync(string action, string target)
    {
        s.Audit.Record(action, target);
        await s.Db.SaveChangesAsync();
        await transaction.CommitAsync();
        await s.Rules.AfterChangeAsync();
    }

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
