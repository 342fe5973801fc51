using CtiPush.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Privacy;

/// <summary>
/// A store that joins the erasure last and fails when armed: every real store has written its part to the database
/// by then, inside the transaction, so a failure there proves the whole erasure is undone.
/// </summary>
public sealed class EraseFailure
{
    public bool Armed { get; set; }

    /// <summary>For <see cref="Infrastructure.CtiPushApp.TestServices"/>.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<EraseFailure>();
        services.AddScoped<IPersonalData, FailingStore>();
    }

    private sealed class FailingStore(EraseFailure failure) : IPersonalData
    {
        public Task ExportAsync(PersonalDataScope scope, PrivacyExport export, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task EraseAsync(PersonalDataScope scope, ErasureCounts counts) =>
            failure.Armed ? throw new InvalidOperationException("A store failed half way (test)") : Task.CompletedTask;
    }
}
