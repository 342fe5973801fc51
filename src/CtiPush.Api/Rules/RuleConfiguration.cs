using CtiPush.CallLog;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CtiPush.Core;

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

internal sealed class CallerIdRouteConfiguration : IEntityTypeConfiguration<CallerIdRoute>
{
    public void Configure(EntityTypeBuilder<CallerIdRoute> route)
    {
        route.ToTable("caller_id_routes");
        route.Property(r => r.Destination).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.Pattern).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.CallerId).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.Note).HasMaxLength(RuleLimits.NoteLength);
        route.Property(r => r.Source).HasMaxLength(CallLimits.SourceLength);
        route.HasIndex(r => new { r.Position, r.Id });
    }
}

internal sealed class RuleSetConfiguration : IEntityTypeConfiguration<RuleSet>
{
    public void Configure(EntityTypeBuilder<RuleSet> rules)
    {
        rules.ToTable("rule_set");
        rules.Property(r => r.Id).ValueGeneratedNever();
        rules.Property(r => r.DefaultCallerId).HasMaxLength(CallLimits.NumberLength);
        rules.HasData(new { Id = RuleSet.SingletonId, Version = 0L });
    }
}

public static class RuleLimits
{
    public const int NoteLength = 500;
}
