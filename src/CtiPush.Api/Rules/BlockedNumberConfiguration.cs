using CtiPush.Core;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Rules;

internal sealed class BlockedNumberConfiguration : IEntityTypeConfiguration<BlockedNumber>
{
    public void Configure(EntityTypeBuilder<BlockedNumber> entry)
    {
        entry.ToTable("blocked_numbers");
        entry.Property(e => e.Number).HasMaxLength(CallLimits.NumberLength);
        entry.Property(e => e.Pattern).HasMaxLength(CallLimits.NumberLength);
        entry.Property(e => e.Reason).HasConversion<string>().HasMaxLength(10);
        entry.Property(e => e.Note).HasMaxLength(RuleLimits.NoteLength);
        entry.Property(e => e.Source).HasMaxLength(CallLimits.SourceLength);
        entry.HasIndex(e => e.Pattern);
        entry.HasOne<Contact>().WithMany().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
