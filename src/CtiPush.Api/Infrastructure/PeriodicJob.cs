using CtiPush.Data;

namespace CtiPush.Infrastructure;

/// <summary>
/// A background job that runs at start-up and then every <see cref="Interval"/>. A failed run is logged and the
/// next one tries again: the job never stops the service. How often it runs is wall-clock time (operations); what
/// it does reads the injected clock, <see cref="Time"/>, so a test moves the calls' time without firing the
/// timer once per interval passed.
/// </summary>
public abstract class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The clock the job runs by, and reads the time from.</summary>
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run; what it did is for its own log line.</summary>
    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception failure) when (DatabaseFailure.IsUnavailable(failure))
            {
                Logger.LogWarning("{Job} could not reach the database ({Reason}); it runs again in {Interval}",
                    GetType().Name, DatabaseFailure.ReasonOf(failure), Interval);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                Logger.LogWarning(failure, "{Job} failed; it runs again in {Interval}", GetType().Name, Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
