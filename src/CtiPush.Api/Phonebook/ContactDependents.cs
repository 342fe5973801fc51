using CtiPush.Data;

namespace CtiPush.Phonebook;

/// <summary>Every <see cref="IContactDependent"/>, asked together.</summary>
public sealed class ContactDependents(IEnumerable<IContactDependent> dependents)
{
    /// <summary>Within the change's transaction; the answer is run after the commit.</summary>
    public async Task<Func<Task>> ChangingAsync(CtiPushDbContext db, IReadOnlyCollection<long> contactIds)
    {
        var afterCommit = new List<Func<Task>>();
        foreach (var dependent in dependents)
        {
            if (await dependent.ContactsChangingAsync(db, contactIds) is { } then)
            {
                afterCommit.Add(then);
            }
        }
        return async () =>
        {
            foreach (var then in afterCommit)
            {
                await then();
            }
        };
    }
}
