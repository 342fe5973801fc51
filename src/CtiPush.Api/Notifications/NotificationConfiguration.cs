using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.HasKey(n => n.Id);
        notification.Property(n => n.EventId).HasMaxLength(100);
        notification.Property(n => n.Event).HasMaxLength(30);
        notification.Property(n => n.OrderKey).HasMaxLength(50);
        notification.Property(n => n.State).HasConversion<WireNameConverter<NotificationState>>().HasMaxLength(10);
        // Each event once per subscription, whichever instance wrote it; and "was this event written?" by event id.
        notification.HasIndex(n => new { n.EventId, n.SubscriptionId }).IsUnique();
        // The worker's look for what is due; the partial index stays as small as the backlog.
        notification.HasIndex(n => n.NextAttemptAt, "ix_notifications_pending_due").HasFilter("state = 'pending'");
        notification.HasIndex(n => new { n.SubscriptionId, n.OrderKey, n.Id });
        notification.HasIndex(n => n.CreatedAt);
        notification.HasOne<Subscription>().WithMany().HasForeignKey(n => n.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
