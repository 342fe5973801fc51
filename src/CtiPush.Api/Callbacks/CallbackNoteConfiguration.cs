using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Callbacks;

internal sealed class CallbackNoteConfiguration : IEntityTypeConfiguration<CallbackNote>
{
    public const int TextLength = 2000;

    public void Configure(EntityTypeBuilder<CallbackNote> note)
    {
        note.ToTable("callback_notes");
        note.HasKey(n => n.Id);
        note.Property(n => n.Author).HasMaxLength(300);
        note.Property(n => n.Text).HasMaxLength(TextLength);
    }
}
