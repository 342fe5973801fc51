using CtiPush.Core;

namespace CtiPush.Rules;

public sealed record BlockedNumberView(
    long Id, string? Number, string Pattern, long? ContactId, string Reason, string? Note, bool Enabled, string? Source, DateTimeOffset UpdatedAt)
{
    public static BlockedNumberView Of(BlockedNumber entry) => new(entry.Id, entry.ContactId is null ? entry.Number : null, entry.Pattern,
        entry.ContactId, WireName<BlockReason>.Of(entry.Reason), entry.Note, entry.Enabled, entry.Source, entry.UpdatedAt);
}
