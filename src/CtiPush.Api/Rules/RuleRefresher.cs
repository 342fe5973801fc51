using CtiPush.Infrastructure;

namespace CtiPush.Rules;

/// <summary>
/// Loads the rules before the service takes calls, then compares the stored version once a second, in case a
/// signal from another instance was lost. The rules in memory keep answering while the database is away.
/// </summary>
internal sealed class RuleRefresher(RuleBook rules, TimeProvider time, ILogger<RuleRefresher> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await rules.ReloadAsync(onlyIfNeverLoaded: false, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Start anyway, not ready: the first newCall or the next run loads them once the database answers.
            Logger.LogWarning(failure, "Could not load the rules at start-up");
        }
        await base.StartAsync(cancellationToken);
    }

    public override Task RunOnceAsync(CancellationToken cancellationToken) => rules.RefreshAsync(cancellationToken);
}
