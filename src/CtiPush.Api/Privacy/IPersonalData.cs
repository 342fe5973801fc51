using CtiPush.Data;

namespace CtiPush.Privacy;

/// <summary>
/// A feature that stores a caller's number (calls, callbacks, contacts, webhooks to come): it finds, erases and
/// anonymises what it holds. Owned here, implemented there, so Privacy knows no feature and a new store joins by
/// registering itself (<c>services.AddScoped&lt;IPersonalData, …&gt;()</c>). Each is asked in registration order.
/// </summary>
public interface IPersonalData
{
    /// <summary>What a number, a name or a text about the caller becomes: the row stays, so durations and figures stay.</summary>
    const string Erased = "erased";

    /// <summary>Adds what it holds about <see cref="PersonalDataScope.Number"/> to <paramref name="export"/>, one section per kind.</summary>
    Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the number, in every format, from what it holds, inside the erasure's one transaction (changes made to
    /// <c>scope.Db</c> commit with every other store's, or not at all), and counts what it changed.
    /// </summary>
    Task EraseAsync(PersonalDataScope scope, ErasureCounts counts);

    /// <summary>
    /// Replaces numbers and names in what is about calls that started before <paramref name="cutoff"/>, at most
    /// <paramref name="batchSize"/> records, in its own short transaction; answers how many it changed (0: nothing is left).
    /// </summary>
    Task<int> AnonymiseAsync(CtiPushDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) => Task.FromResult(0);
}
