using CtiPush.Core;
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
        if (await request.ValidateAsync(s, entryId: 0) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var entry = new BlockedNumber();
        Apply(request, entry, s);
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
        if (await request.ValidateAsync(s, entry.Id) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        Apply(request, entry, s);
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

    private static void Apply(BlockedNumberRequest request, BlockedNumber entry, RuleServices s)
    {
        entry.Number = request.Number?.Trim() ?? "";
        entry.Pattern = request.PatternOf(s.Patterns)!;
        entry.ContactId = request.ContactId;
        entry.Reason = WireName<BlockReason>.ParseLenient(request.Reason) ?? BlockReason.Busy;
        entry.Note = request.Note;
        entry.Enabled = request.Enabled ?? true;
        entry.Source = request.Source;
        entry.UpdatedAt = s.Time.GetUtcNow();
    }
}
