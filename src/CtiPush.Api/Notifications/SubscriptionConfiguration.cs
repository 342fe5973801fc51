using CtiPush.Core;
using CtiPush.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.Notifications;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public const int UrlLength = 2000;
    public const int EmailLength = 320;
    public const int NoteLength = 500;

    public void Configure(EntityTypeBuilder<Subscription> subscription)
    {
        subscription.ToTable("webhook_subscriptions");
        subscription.HasKey(s => s.Id);
        subscription.Property(s => s.Kind).HasConversion<WireNameConverter<SubscriptionKind>>().HasMaxLength(10);
        subscription.Property(s => s.Format).HasConversion<WireNameConverter<MessageFormat>>().HasMaxLength(10);
        subscription.Property(s => s.Url).HasMaxLength(UrlLength);
        subscription.Property(s => s.Email).HasMaxLength(EmailLength);
        subscription.Property(s => s.Queue).HasMaxLength(CallLimits.NameLength);
        subscription.Property(s => s.Source).HasMaxLength(CallLimits.NameLength);
        subscription.Property(s => s.User).HasMaxLength(CallLimits.NameLength);
        subscription.Property(s => s.Secret).HasMaxLength(100);
        subscription.Property(s => s.DisabledReason).HasMaxLength(300);
        subscription.Property(s => s.Note).HasMaxLength(NoteLength);
    }
}
