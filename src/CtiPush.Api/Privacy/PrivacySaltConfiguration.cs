using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Privacy;

internal sealed class PrivacySaltConfiguration : IEntityTypeConfiguration<PrivacySalt>
{
    public void Configure(EntityTypeBuilder<PrivacySalt> salt)
    {
        salt.ToTable("privacy_salt");
        salt.HasKey(s => s.Id);
        salt.Property(s => s.Id).ValueGeneratedNever();
        salt.Property(s => s.Protected).HasMaxLength(1000);
    }
}
