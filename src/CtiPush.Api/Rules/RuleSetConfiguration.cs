using CtiPush.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Rules;

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
