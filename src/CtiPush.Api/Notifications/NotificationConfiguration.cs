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
        // The worker's claim, as small as the backlog (partial): the due ones in the claim's order, so it reads the index
        // from the front and stops at a round's worth; and a call's earlier one still pending, looked up exactly. With
        // the claim's order only in part (due time alone), a backlog fanned out at one instant was read and sorted
        // whole for every round; and a table analysed while empty planned the look-up as a walk of every pending row.
        notification.HasIndex(n => new { n.NextAttemptAt, n.Id }, "ix_notifications_pending_due").HasFilter("state = 'pending'");
        notification.HasIndex(n => new { n.SubscriptionId, n.OrderKey, n.Id }, "ix_notifications_pending_order").HasFilter("state = 'pending'");
        notification.HasIndex(n => n.CreatedAt);
        notification.HasOne<Subscription>().WithMany().HasForeignKey(n => n.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
