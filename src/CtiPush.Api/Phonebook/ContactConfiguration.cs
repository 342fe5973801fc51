using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Phonebook;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> contact)
    {
        contact.ToTable("contacts");
        contact.Property(c => c.Name).HasMaxLength(PhonebookLimits.NameLength);
        contact.Property(c => c.Organisation).HasMaxLength(PhonebookLimits.NameLength);
        contact.Property(c => c.Note).HasMaxLength(PhonebookLimits.NoteLength);
        contact.HasMany(c => c.Numbers).WithOne().HasForeignKey(n => n.ContactId).OnDelete(DeleteBehavior.Cascade);
        contact.HasIndex(c => c.Name);
    }
}
