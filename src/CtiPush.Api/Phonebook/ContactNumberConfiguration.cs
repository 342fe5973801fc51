using CtiPush.Core;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Phonebook;

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
