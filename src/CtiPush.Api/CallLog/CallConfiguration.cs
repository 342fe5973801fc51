using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CtiPush.CallLog;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public const int CallIdLength = 250;
    public const int NumberLength = 100;
    public const int NameLength = 250;
    public const int CauseLength = 100;
    public const int SourceLength = 100;

    public void Configure(EntityTypeBuilder<Call> call)
    {
        call.ToTable("calls");
        call.HasKey(c => c.Id);
        call.Property(c => c.Source).HasMaxLength(SourceLength);
        call.Property(c => c.CallId).HasMaxLength(CallIdLength);
        call.Property(c => c.State).HasConversion(s => WireNames.Of(s), s => WireNames.ParseState(s)!.Value).HasMaxLength(10);
        call.Property(c => c.Direction)
            .HasConversion(new ValueConverter<CallDirection, string>(d => WireNames.Of(d), d => WireNames.ParseDirection(d)!.Value))
            .HasMaxLength(3);
        call.Property(c => c.From).HasMaxLength(NumberLength);
        call.Property(c => c.To).HasMaxLength(NumberLength);
        call.Property(c => c.FromNumber).HasMaxLength(NumberLength);
        call.Property(c => c.ToNumber).HasMaxLength(NumberLength);
        call.Property(c => c.Queue).HasMaxLength(NameLength);
        call.Property(c => c.AnsweredBy).HasMaxLength(NameLength);
        call.Property(c => c.AnsweringNumber).HasMaxLength(NumberLength);
        call.Property(c => c.Cause).HasMaxLength(CauseLength);
        call.Property(c => c.Version).IsConcurrencyToken();
        call.ComplexProperty(c => c.Decision, decision =>
        {
            decision.Property(d => d.Action).HasMaxLength(10);
            decision.Property(d => d.Reason).HasMaxLength(20);
            decision.Property(d => d.CallerId).HasMaxLength(NumberLength);
            decision.Property(d => d.Rule).HasMaxLength(NameLength);
        });

        // One row per call of one PBX; the unique index makes concurrent first events race-free.
        call.HasIndex(c => new { c.Source, c.CallId }).IsUnique();
        // The log's queries: newest first, by number, and the missed calls still to call back.
        call.HasIndex(c => c.StartedAt);
        call.HasIndex(c => c.FromNumber);
        call.HasIndex(c => c.ToNumber);
        call.HasIndex(c => new { c.Done, c.StartedAt });
        call.HasIndex(c => c.CallId); // the admin's look-up of one call, whatever PBX it came from
        // Only the calls not yet ended, so it stays small: the ringing gauge and the stale-call job read it.
        call.HasIndex(c => c.StartedAt, "ix_calls_open").HasFilter("state <> 'hangup'");

        call.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CallRowId).OnDelete(DeleteBehavior.Cascade);
        call.Navigation(c => c.Events).AutoInclude(false);
    }
}

internal sealed class CallEventConfiguration : IEntityTypeConfiguration<CallEvent>
{
    public void Configure(EntityTypeBuilder<CallEvent> callEvent)
    {
        callEvent.ToTable("call_events");
        callEvent.HasKey(e => e.Id);
        callEvent.Property(e => e.Type).HasMaxLength(10);
        callEvent.HasIndex(e => new { e.CallRowId, e.Id });
    }
}
