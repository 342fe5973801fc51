using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CtiPush.Core;
using CtiPush.Data;

namespace CtiPush.CallLog;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> call)
    {
        call.ToTable("calls");
        call.HasKey(c => c.Id);
        call.Property(c => c.Source).HasMaxLength(CallLimits.SourceLength);
        call.Property(c => c.CallId).HasMaxLength(CallLimits.CallIdLength);
        call.Property(c => c.State).HasConversion<WireNameConverter<CallState>>().HasMaxLength(10);
        call.Property(c => c.Direction).HasConversion<WireNameConverter<CallDirection>>().HasMaxLength(3);
        call.Property(c => c.From).HasMaxLength(CallLimits.NumberLength);
        call.Property(c => c.To).HasMaxLength(CallLimits.NumberLength);
        call.Property(c => c.FromNumber).HasMaxLength(CallLimits.NumberLength);
        call.Property(c => c.ToNumber).HasMaxLength(CallLimits.NumberLength);
        call.Property(c => c.Queue).HasMaxLength(CallLimits.NameLength);
        call.Property(c => c.AnsweredBy).HasMaxLength(CallLimits.NameLength);
        call.Property(c => c.AnsweringNumber).HasMaxLength(CallLimits.NumberLength);
        call.Property(c => c.Cause).HasMaxLength(CallLimits.CauseLength);
        call.Property(c => c.NormalizedCause).HasConversion<WireNameConverter<HangupCause>>().HasMaxLength(20);
        call.Property(c => c.Version).IsConcurrencyToken();
        call.Property(c => c.OriginalCallId).HasMaxLength(CallLimits.CallIdLength);
        // Partial: most calls have no other leg, and an index led by source tempted PostgreSQL's plan for the recorder's
        // look-up into reading every call of the PBX (CallRecorder.StoredCallsSql).
        call.HasIndex(c => c.JourneyId).HasFilter("journey_id IS NOT NULL");
        call.HasIndex(c => new { c.Source, c.OriginalCallId }).HasFilter("original_call_id IS NOT NULL"); // legs that came before their original
        call.ComplexProperty(c => c.Decision, decision =>
        {
            decision.Property(d => d.Action).HasMaxLength(10);
            decision.Property(d => d.Reason).HasMaxLength(20);
            decision.Property(d => d.CallerId).HasMaxLength(CallLimits.NumberLength);
            decision.Property(d => d.Rule).HasMaxLength(CallLimits.NameLength);
        });

        // One row per call of one PBX; the unique index makes concurrent first events race-free. The callId leads, so it
        // also serves the admin's look-up of one call by callId, whatever PBX it came from (one index fewer to write), and
        // no plan can use it for the PBX alone (see CallRecorder.StoredCallsSql).
        call.HasIndex(c => new { c.CallId, c.Source }).IsUnique();
        // The log's queries: newest first, by number, and the missed calls still to call back.
        call.HasIndex(c => c.StartedAt);
        call.HasIndex(c => c.FromNumber);
        call.HasIndex(c => c.ToNumber);
        call.HasIndex(c => new { c.Done, c.StartedAt });
        // Only the calls not yet ended, so it stays small: the ringing gauge and the stale-call job read it.
        call.HasIndex(c => c.StartedAt, "ix_calls_open").HasFilter("state <> 'hangup'");

        call.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CallRowId).OnDelete(DeleteBehavior.Cascade);
        call.Navigation(c => c.Events).AutoInclude(false);
    }
}
