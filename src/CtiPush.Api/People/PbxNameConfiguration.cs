using CtiPush.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.People;

internal sealed class PbxNameConfiguration : IEntityTypeConfiguration<PbxName>
{
    public void Configure(EntityTypeBuilder<PbxName> name)
    {
        name.ToTable("pbx_names");
        name.HasKey(n => n.Id);
        name.Property(n => n.Name).HasMaxLength(CallLimits.NameLength);
        name.Property(n => n.Normalized).HasMaxLength(CallLimits.NameLength);
        // Unique across people: a call rings for one person per name.
        name.HasIndex(n => n.Normalized).IsUnique();
    }
}
