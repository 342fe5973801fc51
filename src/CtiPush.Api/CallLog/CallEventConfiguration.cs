using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.CallLog;

internal sealed class CallEventConfiguration : IEntityTypeConfiguration<CallEvent>
{
    public void Configure(EntityTypeBuilder<CallEvent> callEvent)
    {
        callEvent.ToTable("call_events");
        callEvent.HasKey(e => e.Id);
        callEvent.Property(e => e.Type).HasMaxLength(10);
        callEvent.HasIndex(e => new { e.CallRowId, e.Id });
    }
}
