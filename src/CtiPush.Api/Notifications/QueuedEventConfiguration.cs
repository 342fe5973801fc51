using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Notifications;

internal sealed class QueuedEventConfiguration : IEntityTypeConfiguration<QueuedEvent>
{
    public void Configure(EntityTypeBuilder<QueuedEvent> queued)
    {
        queued.ToTable("notification_queue");
        queued.HasKey(e => e.Id);
        queued.Property(e => e.EventId).HasMaxLength(100);
        queued.Property(e => e.Event).HasMaxLength(30);
        queued.Property(e => e.OrderKey).HasMaxLength(50);
        queued.HasIndex(e => e.EventId).IsUnique();
    }
}
