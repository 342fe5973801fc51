using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.People;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> session)
    {
        session.ToTable("sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).HasMaxLength(64);
        session.Property(s => s.SecurityStamp).HasMaxLength(256);
        session.Property(s => s.KeyVersion).HasMaxLength(32);
        session.Property(s => s.CsrfToken).HasMaxLength(64);
        session.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        session.HasIndex(s => s.ExpiresAt);
    }
}
