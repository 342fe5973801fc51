using CtiPush.Infrastructure;
using CtiPush.Numbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary><c>/api/v1/contacts</c>: contacts one by one — search, read, add, change, remove.</summary>
public static class ContactsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void Map(RouteGroupBuilder contacts)
    {
        contacts.MapGet("/", List).WithName("ListContacts").WithSummary("Contacts in name order; q searches names, organisations and numbers");
        contacts.MapPost("/", Create).WithName("CreateContact").WithSummary("Add a contact");
        contacts.MapGet("/{id:long}", Get).WithName("GetContact").WithSummary("One contact");
        contacts.MapPut("/{id:long}", Update).WithName("UpdateContact").WithSummary("Change a contact; its numbers are replaced by those given");
        contacts.MapDelete("/{id:long}", Delete).WithName("DeleteContact").WithSummary("Remove a contact (and any block entry that names it)");
    }

    private static async Task<Results<Ok<ContactPage>, ValidationProblem>> List(
        string? q, int? limit, int? offset, [AsParameters] ContactServices s, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be 1 to {MaxLimit}."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["must be 0 or more."];
        }
        TextField.Check("q", q, PhonebookLimits.NameLength, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var contacts = Search(s.Db.Set<Contact>().AsNoTracking(), q?.Trim(), s.Numbers);
        var total = await contacts.CountAsync(cancellationToken);
        var page = await contacts.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(offset ?? 0).Take(limit ?? DefaultLimit)
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
        var contact = new Contact();
        if (Apply(request, contact, s) is { } invalid)
        {
            return invalid;
        }
        s.Db.Add(contact);
        s.Audit.Record("contact.create", $"contact {contact.Name}");
        await s.Db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", ContactView.Of(contact));
    }

    private static async Task<Results<Ok<ContactView>, NotFound, ValidationProblem>> Update(long id, ContactRequest request, [AsParameters] ContactServices s)
    {
        await using var change = await ContactChange.BeginAsync(s.Db, s.Dependents, s.Audit);
        // First, as it may lock what depends on the contact (the rule_set row): changes then take turns in one order.
        await change.ContactsChangingAsync([id]);
        if (await s.Db.Set<Contact>().Include(c => c.Numbers).SingleOrDefaultAsync(c => c.Id == id) is not { } contact)
        {
            return TypedResults.NotFound();
        }
        if (Apply(request, contact, s) is { } invalid)
        {
            return invalid;
        }
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

    /// <summary>Checks the whole request, then sets it on <paramref name="contact"/>; numbers it keeps keep their rows.</summary>
    private static ValidationProblem? Apply(ContactRequest request, Contact contact, ContactServices s)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["is required."];
        }
        TextField.Check("name", name, PhonebookLimits.NameLength, errors);
        TextField.Check("organisation", request.Organisation, PhonebookLimits.NameLength, errors);
        TextField.Check("note", request.Note, PhonebookLimits.NoteLength, errors, multiline: true);

        var numbers = new List<(ContactNumberRequest Request, string Normalized, NumberLabel Label)>();
        var requested = request.Numbers ?? [];
        if (requested.Count > PhonebookLimits.NumbersPerContact)
        {
            errors["numbers"] = [$"must be at most {PhonebookLimits.NumbersPerContact}."];
        }
        for (var i = 0; i < requested.Count && i < PhonebookLimits.NumbersPerContact; i++)
        {
            var number = requested[i];
            if (s.Numbers.Problem(number?.Number) is { } problem)
            {
                errors[$"numbers[{i}].number"] = [problem];
            }
            else if (numbers.FindIndex(n => n.Normalized == s.Numbers.Normalize(number!.Number)!.Value.Digits) is var twin and >= 0)
            {
                errors[$"numbers[{i}].number"] = [$"is numbers[{twin}] again."];
            }
            if (ContactNumber.ParseLabel(number?.Label) is not { } label)
            {
                errors[$"numbers[{i}].label"] = ["must be phone, mobile, fax or other."];
            }
            else if (!errors.ContainsKey($"numbers[{i}].number"))
            {
                numbers.Add((number!, s.Numbers.Normalize(number!.Number)!.Value.Digits, label));
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        contact.Name = name!;
        contact.Organisation = Blank(request.Organisation);
        contact.Note = Blank(request.Note);
        contact.UpdatedAt = s.Time.GetUtcNow();
        contact.Numbers.RemoveAll(kept => !numbers.Exists(n => n.Normalized == kept.Normalized));
        foreach (var (number, normalized, label) in numbers)
        {
            var row = contact.Numbers.Find(n => n.Normalized == normalized);
            if (row is null)
            {
                contact.Numbers.Add(row = new ContactNumber { Normalized = normalized });
            }
            row.Number = number.Number!.Trim();
            row.Label = label;
        }
        return null;
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
