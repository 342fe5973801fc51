using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Notifications;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public const int ResponseLength = 1024;

    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.EventId).HasMaxLength(100);
        delivery.Property(d => d.Event).HasMaxLength(30);
        delivery.Property(d => d.Error).HasMaxLength(300);
        delivery.Property(d => d.Response).HasMaxLength(ResponseLength);
        delivery.Ignore(d => d.Succeeded);
        delivery.HasIndex(d => new { d.SubscriptionId, d.Id });
        delivery.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
