using System.ComponentModel;
using CtiPush.Core;
using CtiPush.Infrastructure;
using CtiPush.Phonebook;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Rules;

public sealed record BlockedNumberRequest(
    [property: Description("The caller to block, in any format (+49 171 5000000, 01715000000, 491715000000), a prefix ending in * (49900*), or anonymous; or null with contactId")] string? Number,
    [property: Description("busy (default) or rejected"), WireName<BlockReason>(Lenient = true)] string? Reason = null,
    [property: Text(RuleLimits.NoteLength, Multiline = true)] string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this entry applies to; null for all")] string? Source = null,
    [property: Description("Instead of a number: block every number of this contact, as the phonebook has them now")] long? ContactId = null)
{
    /// <summary>What the entry matches: the number's pattern, or <c>contact:ID</c>; null when the number is none.</summary>
    public string? PatternOf(NumberPattern patterns) =>
        ContactId is { } contact ? FormattableString.Invariant($"contact:{contact}") : patterns.Parse(Number, allowAnonymous: true);

    /// <summary>
    /// What the annotations cannot check, once they hold: a number or a contact, not both; the contact exists; the
    /// source is a configured PBX; and no other entry (than <paramref name="entryId"/>) blocks the same for the same PBX.
    /// Within the change's transaction, so two changes cannot both pass the last. Empty when the request is good.
    /// </summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(RuleServices s, long entryId)
    {
        var errors = new Dictionary<string, string[]>();
        var pattern = PatternOf(s.Patterns);
        if (ContactId is { } contact)
        {
            if (Number is not null)
            {
                errors["number"] = ["must be null when contactId names a contact: an entry blocks a number or a contact."];
            }
            else if (!await s.Db.Set<Contact>().AnyAsync(c => c.Id == contact))
            {
                errors["contactId"] = [$"names no contact: there is none with id {contact}."];
            }
        }
        else if (pattern is null)
        {
            errors["number"] = ["must be a phone number, a prefix ending in * (49900*), or anonymous; or null with a contactId."];
        }
        s.CheckSource(Source, errors);
        if (pattern is not null && !errors.ContainsKey("source")
            && await s.Db.Set<BlockedNumber>().AsNoTracking()
                .Where(b => b.Pattern == pattern && b.Source == Source && b.Id != entryId)
                .Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } duplicate)
        {
            errors[ContactId is null ? "number" : "contactId"] = [$"is blocked already, by entry {duplicate}."];
        }
        return errors;
    }
}
