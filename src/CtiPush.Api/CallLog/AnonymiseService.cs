using CtiPush.Infrastructure;
using CtiPush.Privacy;
using Microsoft.Extensions.Options;

namespace CtiPush.CallLog;

/// <summary>
/// Anonymises calls older than <see cref="CallLogOptions.AnonymiseAfterDays"/> once an hour, in small batches, in
/// every store that holds personal data about them (<see cref="IPersonalData"/>): the numbers go, the figures stay.
/// </summary>
public sealed class AnonymiseService(
    IServiceScopeFactory scopes,
    IOptions<CallLogOptions> options,
    TimeProvider time,
    ILogger<AnonymiseService> logger) : PeriodicJob(time, logger)
{
    public const int BatchSize = 1000;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override Task RunOnceAsync(CancellationToken cancellationToken) => AnonymiseAsync(cancellationToken);

    /// <summary>Anonymises what is past the setting now; answers how many records changed.</summary>
    public async Task<int> AnonymiseAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AnonymiseAfterDays <= 0)
        {
            return 0;
        }
        var cutoff = Time.GetUtcNow().AddDays(-options.Value.AnonymiseAfterDays);
        var changed = await PersonalDataStores.AnonymiseAsync(scopes, cutoff, BatchSize, Logger, cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("Anonymised {Count} records about calls that started before {Cutoff:u} ({Days} days)", changed, cutoff, options.Value.AnonymiseAfterDays);
        }
        return changed;
    }
}
