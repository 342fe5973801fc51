using CtiPush.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CtiPush.Data;

namespace CtiPush.Notifications;

/// <summary>Deletes notifications that are done with (delivered or given up) after <c>Webhooks:RetentionDays</c>, with their attempts.</summary>
public sealed class NotificationRetention(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<NotificationRetention> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
        var before = Time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var done = db.Set<Notification>().Where(n => n.State != NotificationState.Pending && n.CreatedAt < before);
        await db.Set<Delivery>().Where(d => done.Any(n => n.Id == d.NotificationId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = await done.ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            Logger.LogInformation("Deleted {Count} notifications older than {Days} days", deleted, options.Value.RetentionDays);
        }
    }
}
