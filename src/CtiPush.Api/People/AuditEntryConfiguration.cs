using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.People;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Actor).HasMaxLength(300);
        entry.Property(e => e.Action).HasMaxLength(50);
        entry.Property(e => e.Target).HasMaxLength(300);
        // No foreign key to the person: the entry outlives the account, with the name it had.
        entry.HasIndex(e => e.ActorPersonId);
    }
}
