using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Callbacks;

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> callback)
    {
        callback.ToTable("callbacks");
        callback.HasKey(c => c.Id);
        callback.Property(c => c.Number).HasMaxLength(CallLimits.NumberLength);
        callback.Property(c => c.State).HasConversion<WireNameConverter<CallbackState>>().HasMaxLength(10);
        callback.Property(c => c.Outcome).HasConversion<WireNameConverter<CallbackOutcome>>().HasMaxLength(20);
        callback.Property(c => c.ClaimedBy).HasMaxLength(300);
        callback.Property(c => c.ResolvedBy).HasMaxLength(300);
        callback.Property(c => c.Version).IsConcurrencyToken();
        // One open callback per number, on every instance: a second one racing in is refused and its batch retried.
        // Erased numbers are no number: several callbacks may be open without one.
        callback.HasIndex(c => c.Number, "ix_callbacks_open_number").IsUnique().HasFilter("state = 'open' AND number <> 'erased'");
        callback.HasIndex(c => new { c.State, c.FirstAt });
        callback.HasMany(c => c.Calls).WithOne().HasForeignKey(c => c.CallbackId).OnDelete(DeleteBehavior.Cascade);
        callback.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CallbackId).OnDelete(DeleteBehavior.Cascade);
    }
}
