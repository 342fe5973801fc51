using CtiPush.Phonebook;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Rules;

/// <summary><c>/api/v1/rules/blocked</c>: the inbound callers the PBX is told to reject, by number, prefix or contact.</summary>
public static class BlockedNumbersApi
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder change)
    {
        read.MapGet("/", List).WithName("ListBlockedNumbers").WithSummary("All block entries");
        change.MapPost("/", Create).WithName("CreateBlockedNumber").WithSummary("Block an inbound caller");
        read.MapGet("/{id:long}", Get).WithName("GetBlockedNumber").WithSummary("One block entry");
        change.MapPut("/{id:long}", Update).WithName("UpdateBlockedNumber").WithSummary("Change a block entry");
        change.MapDelete("/{id:long}", Delete).WithName("DeleteBlockedNumber").WithSummary("Remove a block entry");
    }

    private static async Task<Ok<BlockedNumberView[]>> List([AsParameters] RuleServices s) =>
        TypedResults.Ok(await s.Db.Set<BlockedNumber>().AsNoTracking().OrderBy(b => b.Id).Select(b => BlockedNumberView.Of(b)).ToArrayAsync());

    private static async Task<Results<Ok<BlockedNumberView>, NotFound>> Get(long id, [AsParameters] RuleServices s) =>
        await s.Db.Set<BlockedNumber>().FindAsync(id) is { } entry ? TypedResults.Ok(BlockedNumberView.Of(entry)) : TypedResults.NotFound();

    private static async Task<Results<Created<BlockedNumberView>, ValidationProblem>> Create(
        BlockedNumberRequest request, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        var entry = new BlockedNumber();
        if (await ApplyAsync(request, entry, s) is { } invalid)
        {
            return invalid;
        }
        s.Db.Add(entry);
        await change.CommitAsync("rule.block", $"blocked {entry.Pattern ?? "contact " + entry.ContactId}");
        return TypedResults.Created($"/api/v1/rules/blocked/{entry.Id}", BlockedNumberView.Of(entry));
    }

    private static async Task<Results<Ok<BlockedNumberView>, NotFound, ValidationProblem>> Update(
        long id, BlockedNumberRequest request, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<BlockedNumber>().FindAsync(id) is not { } entry)
        {
            return TypedResults.NotFound();
        }
        if (await ApplyAsync(request, entry, s) is { } invalid)
        {
            return invalid;
        }
        await change.CommitAsync("rule.block.update", $"blocked #{entry.Id} ({entry.Pattern ?? "contact " + entry.ContactId})");
        return TypedResults.Ok(BlockedNumberView.Of(entry));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long id, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<BlockedNumber>().FindAsync(id) is not { } entry)
        {
            return TypedResults.NotFound();
        }
        s.Db.Remove(entry);
        await change.CommitAsync("rule.block.delete", $"blocked #{entry.Id} ({entry.Pattern ?? "contact " + entry.ContactId})");
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ApplyAsync(BlockedNumberRequest request, BlockedNumber entry, RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        string? pattern = null;
        if (request.ContactId is { } contact)
        {
            if (request.Number is not null)
            {
                errors["number"] = ["must be null when contactId names a contact: an entry blocks a number or a contact."];
            }
            else if (!await s.Db.Set<Contact>().AnyAsync(c => c.Id == contact))
            {
                errors["contactId"] = [$"names no contact: there is none with id {contact}."];
            }
            pattern = ContactPattern(contact);
        }
        else if ((pattern = s.Patterns.Parse(request.Number, allowAnonymous: true)) is null)
        {
            errors["number"] = ["must be a phone number, a prefix ending in * (49900*), or anonymous; or null with a contactId."];
        }
        BlockReason? reason = request.Reason?.Trim().ToLowerInvariant() switch
        {
            null or "" or "busy" => BlockReason.Busy,
            "rejected" => BlockReason.Rejected,
            _ => null,
        };
        if (reason is null)
        {
            errors["reason"] = ["must be busy or rejected."];
        }
        s.CheckCommon(request.Note, request.Source, errors);
        if (pattern is not null && !errors.ContainsKey("source")
            && await s.Db.Set<BlockedNumber>().AsNoTracking()
                .Where(b => b.Pattern == pattern && b.Source == request.Source && b.Id != entry.Id)
                .Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } duplicate)
        {
            errors[request.ContactId is null ? "number" : "contactId"] = [$"is blocked already, by entry {duplicate}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        entry.Number = request.Number?.Trim() ?? "";
        entry.Pattern = pattern!;
        entry.ContactId = request.ContactId;
        entry.Reason = reason!.Value;
        entry.Note = request.Note;
        entry.Enabled = request.Enabled ?? true;
        entry.Source = request.Source;
        entry.UpdatedAt = s.Time.GetUtcNow();
        return null;
    }

    private static string ContactPattern(long contactId) => FormattableString.Invariant($"contact:{contactId}");
}
