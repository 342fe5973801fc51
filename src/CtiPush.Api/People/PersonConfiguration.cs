using CtiPush.Core;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public const int UserNameLength = 100;
    public const int DisplayNameLength = 200;

    public void Configure(EntityTypeBuilder<Person> person)
    {
        // What Identity's own context configures for its user, on a table of ours.
        person.ToTable("people");
        person.HasKey(p => p.Id);
        person.HasIndex(p => p.NormalizedUserName).IsUnique();
        person.HasIndex(p => p.ExternalSubject).IsUnique();
        person.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        person.Property(p => p.UserName).HasMaxLength(UserNameLength);
        person.Property(p => p.NormalizedUserName).HasMaxLength(UserNameLength);
        person.Property(p => p.Email).HasMaxLength(256);
        person.Property(p => p.NormalizedEmail).HasMaxLength(256);
        person.Property(p => p.DisplayName).HasMaxLength(DisplayNameLength);
        person.Property(p => p.Role).HasConversion<WireNameConverter<PersonRole>>().HasMaxLength(10);
        person.Property(p => p.Language).HasMaxLength(5);
        person.Property(p => p.ExternalSubject).HasMaxLength(500);
        person.HasMany(p => p.PbxNames).WithOne().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
