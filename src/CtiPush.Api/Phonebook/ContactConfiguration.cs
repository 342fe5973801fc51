using CtiPush.Data;
using CtiPush.CallLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CtiPush.Core;

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

internal sealed class ContactNumberConfiguration : IEntityTypeConfiguration<ContactNumber>
{
    public void Configure(EntityTypeBuilder<ContactNumber> number)
    {
        number.ToTable("contact_numbers");
        number.Property(n => n.Number).HasMaxLength(CallLimits.NumberLength);
        number.Property(n => n.Normalized).HasMaxLength(CallLimits.NumberLength);
        number.Property(n => n.Label).HasConversion<WireNameConverter<NumberLabel>>().HasMaxLength(10);
        // Names are put on calls by this index: a page of calls costs one look-up, whatever the phonebook's size.
        number.HasIndex(n => n.Normalized);
        number.HasIndex(n => new { n.ContactId, n.Normalized }).IsUnique();
    }
}

public static class PhonebookLimits
{
    public const int NameLength = 200;
    public const int NoteLength = 1000;
    public const int NumbersPerContact = 20;
}
