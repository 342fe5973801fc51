using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>
/// After the migrations, before requests: someone must be able to sign in as an admin — an enabled admin account, or
/// the bootstrap key. With neither, the service refuses to start, saying so in one line.
/// </summary>
internal sealed class BootstrapCheck(IServiceScopeFactory scopes, AdminKey key) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (key.IsConfigured)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        if (!await db.Set<Person>().AnyAsync(p => p.Role == PersonRole.Admin && p.Enabled, cancellationToken))
        {
            throw new StartupRefusedException(
                "No admin key and no admin account: set Admin:ApiKey (environment variable Admin__ApiKey=...) to create the first account.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
