using CtiPush.Numbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary><c>/api/v1/contacts</c>: contacts one by one — search, read, add, change, remove.</summary>
public static class ContactsApi
{
    public static void Map(RouteGroupBuilder contacts)
    {
        contacts.MapGet("/", List).WithName("ListContacts").WithSummary("Contacts in name order; q searches names, organisations and numbers")
            .ProducesValidationProblem();
        contacts.MapPost("/", Create).WithName("CreateContact").WithSummary("Add a contact");
        contacts.MapGet("/{id:long}", Get).WithName("GetContact").WithSummary("One contact");
        contacts.MapPut("/{id:long}", Update).WithName("UpdateContact").WithSummary("Change a contact; its numbers are replaced by those given");
        contacts.MapDelete("/{id:long}", Delete).WithName("DeleteContact").WithSummary("Remove a contact (and any block entry that names it)");
    }

    private static async Task<Ok<ContactPage>> List([AsParameters] ContactQuery query, [AsParameters] ContactServices s, CancellationToken cancellationToken)
    {
        var contacts = Search(s.Db.Set<Contact>().AsNoTracking(), query.Q?.Trim(), s.Numbers);
        var total = await contacts.CountAsync(cancellationToken);
        var page = await contacts.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(query.Offset ?? 0).Take(query.Limit ?? ContactQuery.DefaultLimit)
            .Include(c => c.Numbers).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new ContactPage([.. page.Select(ContactView.Of)], total));
    }

    /// <summary>
    /// Text that reads as a phone number (three digits or more, nothing but number formatting) finds the contacts
    /// with a number that starts like it, in any format, or contains its digits; any other text finds names and
    /// organisations that contain it, ignoring case.
    /// </summary>
    private static IQueryable<Contact> Search(IQueryable<Contact> contacts, string? q, PhoneNumberNormalizer numbers)
    {
        if (string.IsNullOrEmpty(q))
        {
            return contacts;
        }
        var digits = new string([.. q.Where(char.IsAsciiDigit)]);
        if (digits.Length >= 3 && numbers.NormalizePrefix(q) is { } prefix)
        {
            var inside = digits.TrimStart('0');
            return contacts.Where(c => c.Numbers.Any(n => n.Normalized.StartsWith(prefix) || n.Normalized.Contains(inside)));
        }
        var text = q.ToLowerInvariant();
        return contacts.Where(c => c.Name.ToLower().Contains(text) || (c.Organisation != null && c.Organisation.ToLower().Contains(text)));
    }

    private static async Task<Results<Ok<ContactView>, NotFound>> Get(long id, [AsParameters] ContactServices s, CancellationToken cancellationToken) =>
        await s.Db.Set<Contact>().AsNoTracking().Include(c => c.Numbers).SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contact
            ? TypedResults.Ok(ContactView.Of(contact))
            : TypedResults.NotFound();

    private static async Task<Results<Created<ContactView>, ValidationProblem>> Create(ContactRequest request, [AsParameters] ContactServices s)
    {
        if (request.Validate(s.Numbers) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var contact = new Contact();
        Apply(request, contact, s);
        s.Db.Add(contact);
        s.Audit.Record("contact.create", $"contact {contact.Name}");
        await s.Db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", ContactView.Of(contact));
    }

    private static async Task<Results<Ok<ContactView>, NotFound, ValidationProblem>> Update(long id, ContactRequest request, [AsParameters] ContactServices s)
    {
        if (request.Validate(s.Numbers) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var change = await ContactChange.BeginAsync(s.Db, s.Dependents, s.Audit);
        // First, as it may lock what depends on the contact (the rule_set row): changes then take turns in one order.
        await change.ContactsChangingAsync([id]);
        if (await s.Db.Set<Contact>().Include(c => c.Numbers).SingleOrDefaultAsync(c => c.Id == id) is not { } contact)
        {
            return TypedResults.NotFound();
        }
        Apply(request, contact, s);
        await change.CommitAsync("contact.update", $"contact #{contact.Id} ({contact.Name})");
        return TypedResults.Ok(ContactView.Of(contact));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long id, [AsParameters] ContactServices s)
    {
        await using var change = await ContactChange.BeginAsync(s.Db, s.Dependents, s.Audit);
        await change.ContactsChangingAsync([id]);
        // The database removes its numbers and the block entries that name it (ON DELETE CASCADE).
        if (await s.Db.Set<Contact>().Where(c => c.Id == id).ExecuteDeleteAsync() == 0)
        {
            return TypedResults.NotFound();
        }
        await change.CommitAsync("contact.delete", $"contact #{id}");
        return TypedResults.NoContent();
    }

    /// <summary>Sets a valid request on <paramref name="contact"/>; the numbers it keeps keep their rows.</summary>
    private static void Apply(ContactRequest request, Contact contact, ContactServices s)
    {
        var numbers = (request.Numbers ?? []).Select(n => (Written: n.Number!.Trim(), Normalized: s.Numbers.Normalize(n.Number)!.Value.Digits,
            Label: ContactNumber.ParseLabel(n.Label)!.Value)).ToList();
        contact.Name = request.Name!.Trim();
        contact.Organisation = Blank(request.Organisation);
        contact.Note = Blank(request.Note);
        contact.UpdatedAt = s.Time.GetUtcNow();
        contact.Numbers.RemoveAll(kept => !numbers.Exists(n => n.Normalized == kept.Normalized));
        foreach (var (written, normalized, label) in numbers)
        {
            var row = contact.Numbers.Find(n => n.Normalized == normalized);
            if (row is null)
            {
                contact.Numbers.Add(row = new ContactNumber { Normalized = normalized });
            }
            row.Number = written;
            row.Label = label;
        }
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
