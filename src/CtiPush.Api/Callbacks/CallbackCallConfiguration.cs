using CtiPush.CallLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Callbacks;

internal sealed class CallbackCallConfiguration : IEntityTypeConfiguration<CallbackCall>
{
    public void Configure(EntityTypeBuilder<CallbackCall> link)
    {
        link.ToTable("callback_calls");
        link.HasKey(l => l.Id);
        link.HasIndex(l => l.CallRowId).IsUnique();
        // Retention deletes old calls; their links go with them.
        link.HasOne<Call>().WithMany().HasForeignKey(l => l.CallRowId).OnDelete(DeleteBehavior.Cascade);
    }
}
