using CtiPush.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Statistics;

internal sealed class DaySummaryConfiguration : IEntityTypeConfiguration<DaySummary>, IEntityTypeConfiguration<DaySummaryRow>
{
    public void Configure(EntityTypeBuilder<DaySummary> day)
    {
        day.ToTable("statistics_days");
        day.HasKey(d => d.Id);
        day.Property(d => d.Fingerprint).HasMaxLength(64);
        day.HasIndex(d => new { d.Fingerprint, d.LocalDay }).IsUnique();
        day.HasIndex(d => d.StartsAt);
    }

    public void Configure(EntityTypeBuilder<DaySummaryRow> row)
    {
        row.ToTable("statistics_day_rows");
        row.HasKey(r => r.Id);
        row.Property(r => r.Unit).HasMaxLength(5);
        row.Property(r => r.Queue).HasMaxLength(CallLimits.NameLength);
        row.Property(r => r.Agent).HasMaxLength(CallLimits.NameLength);
        row.HasIndex(r => new { r.DaySummaryId, r.Unit });
        row.HasOne<DaySummary>().WithMany().HasForeignKey(r => r.DaySummaryId).OnDelete(DeleteBehavior.Cascade);
    }
}
