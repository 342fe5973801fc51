using CtiPush.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Rules;

internal sealed class CallerIdRouteConfiguration : IEntityTypeConfiguration<CallerIdRoute>
{
    public void Configure(EntityTypeBuilder<CallerIdRoute> route)
    {
        route.ToTable("caller_id_routes");
        route.Property(r => r.Destination).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.Pattern).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.CallerId).HasMaxLength(CallLimits.NumberLength);
        route.Property(r => r.Note).HasMaxLength(RuleLimits.NoteLength);
        route.Property(r => r.Source).HasMaxLength(CallLimits.SourceLength);
        route.HasIndex(r => new { r.Position, r.Id });
    }
}
