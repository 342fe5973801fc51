using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.People;

internal sealed class PersonalTokenConfiguration : IEntityTypeConfiguration<PersonalToken>
{
    public const int NameLength = 100;

    public void Configure(EntityTypeBuilder<PersonalToken> token)
    {
        token.ToTable("personal_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Name).HasMaxLength(NameLength);
        token.Property(t => t.Scope).HasConversion<WireNameConverter<TokenScope>>().HasMaxLength(10);
        token.Property(t => t.Hash).HasMaxLength(64);
        token.HasIndex(t => t.Hash).IsUnique();
        token.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
