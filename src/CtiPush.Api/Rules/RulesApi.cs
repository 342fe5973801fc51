using CtiPush.People;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.Phonebook;
using CtiPush.Push;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CtiPush.Core;

namespace CtiPush.Rules;

/// <summary>The admin API for the rules: block list, caller id routes, the default caller id, and a dry run.</summary>
public static class RulesApi
{
    public static IHostApplicationBuilder AddRules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RuleBook>();
        ClusterSignals.AddChannel(builder.Services, RuleBook.Channel);
        builder.Services.AddSingleton<INewCallDecider>(services => services.GetRequiredService<RuleBook>());
        builder.Services.AddHostedService<RuleRefresher>();
        builder.Services.AddSingleton<IContactDependent, BlockedContacts>();
        builder.Services.AddSingleton<NumberPattern>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/rules")
            .WithTags("Rules")
            .RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var blocked = rules.MapGroup("/blocked");
        blocked.MapGet("/", ListBlocked).WithName("ListBlockedNumbers").WithSummary("All block entries");
        blocked.MapPost("/", CreateBlocked).WithName("CreateBlockedNumber").WithSummary("Block an inbound caller");
        blocked.MapGet("/{id:long}", GetBlocked).WithName("GetBlockedNumber").WithSummary("One block entry");
        blocked.MapPut("/{id:long}", UpdateBlocked).WithName("UpdateBlockedNumber").WithSummary("Change a block entry");
        blocked.MapDelete("/{id:long}", DeleteBlocked).WithName("DeleteBlockedNumber").WithSummary("Remove a block entry");

        var routes = rules.MapGroup("/routes");
        routes.MapGet("/", ListRoutes).WithName("ListCallerIdRoutes").WithSummary("All caller id routes, in the order they are checked");
        routes.MapPost("/", CreateRoute).WithName("CreateCallerIdRoute").WithSummary("Add a caller id route");
        routes.MapGet("/{id:long}", GetRoute).WithName("GetCallerIdRoute").WithSummary("One caller id route");
        routes.MapPut("/{id:long}", UpdateRoute).WithName("UpdateCallerIdRoute").WithSummary("Change a caller id route or its position");
        routes.MapDelete("/{id:long}", DeleteRoute).WithName("DeleteCallerIdRoute").WithSummary("Remove a caller id route");

        rules.MapGet("/default-caller-id", GetDefaultCallerId).WithName("GetDefaultCallerId").WithSummary("The caller id for outbound calls no route matches");
        rules.MapPut("/default-caller-id", SetDefaultCallerId).WithName("SetDefaultCallerId").WithSummary("Set or clear (null) the default caller id");
        rules.MapPost("/evaluate", Evaluate).WithName("EvaluateRules")
            .WithSummary("Dry run: what a newCall would be answered, and which rule decided");
        return app;
    }

    /// <summary>What every rule handler needs.</summary>
    public sealed record RuleServices(CtiPushDbContext Db, RuleBook Rules, NumberPattern Patterns, PbxTokens Pbxs, TimeProvider Time);

    private static async Task<Ok<BlockedNumberView[]>> ListBlocked([AsParameters] RuleServices s) =>
        TypedResults.Ok(await s.Db.Set<BlockedNumber>().AsNoTracking().OrderBy(b => b.Id).Select(b => BlockedNumberView.Of(b)).ToArrayAsync());

    private static async Task<Results<Ok<BlockedNumberView>, NotFound>> GetBlocked(long id, [AsParameters] RuleServices s) =>
        await s.Db.Set<BlockedNumber>().FindAsync(id) is { } entry ? TypedResults.Ok(BlockedNumberView.Of(entry)) : TypedResults.NotFound();

    private static async Task<Results<Created<BlockedNumberView>, ValidationProblem>> CreateBlocked(
        BlockedNumberRequest request, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        var entry = new BlockedNumber();
        if (await ApplyAsync(request, entry, s) is { } invalid)
        {
            return invalid;
        }
        s.Db.Add(entry);
        await change.CommitAsync();
        return TypedResults.Created($"/api/v1/rules/blocked/{entry.Id}", BlockedNumberView.Of(entry));
    }

    private static async Task<Results<Ok<BlockedNumberView>, NotFound, ValidationProblem>> UpdateBlocked(
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
        await change.CommitAsync();
        return TypedResults.Ok(BlockedNumberView.Of(entry));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteBlocked(long id, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<BlockedNumber>().FindAsync(id) is not { } entry)
        {
            return TypedResults.NotFound();
        }
        s.Db.Remove(entry);
        await change.CommitAsync();
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
        CheckCommon(request.Note, request.Source, s, errors);
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

    private static async Task<Ok<RouteView[]>> ListRoutes([AsParameters] RuleServices s) =>
        TypedResults.Ok(await s.Db.Set<CallerIdRoute>().AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => RouteView.Of(r)).ToArrayAsync());

    private static async Task<Results<Ok<RouteView>, NotFound>> GetRoute(long id, [AsParameters] RuleServices s) =>
        await s.Db.Set<CallerIdRoute>().FindAsync(id) is { } route ? TypedResults.Ok(RouteView.Of(route)) : TypedResults.NotFound();

    private static async Task<Results<Created<RouteView>, ValidationProblem>> CreateRoute(
        RouteRequest request, [AsParameters] RuleServices s)
    {
        var route = new CallerIdRoute();
        if (Apply(request, route, s) is { } invalid)
        {
            return invalid;
        }
        await using var change = await RuleChange.BeginAsync(s);
        var count = await s.Db.Set<CallerIdRoute>().CountAsync();
        route.Position = Math.Clamp(request.Position ?? count + 1, 1, count + 1);
        await s.Db.Set<CallerIdRoute>().Where(r => r.Position >= route.Position)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position + 1));
        s.Db.Add(route);
        await change.CommitAsync();
        return TypedResults.Created($"/api/v1/rules/routes/{route.Id}", RouteView.Of(route));
    }

    private static async Task<Results<Ok<RouteView>, NotFound, ValidationProblem>> UpdateRoute(
        long id, RouteRequest request, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<CallerIdRoute>().FindAsync(id) is not { } route)
        {
            return TypedResults.NotFound();
        }
        if (Apply(request, route, s) is { } invalid)
        {
            return invalid;
        }
        var count = await s.Db.Set<CallerIdRoute>().CountAsync();
        var (from, to) = (route.Position, Math.Clamp(request.Position ?? route.Position, 1, Math.Max(count, 1)));
        // Moving a route shifts the ones it passes by one, so positions stay 1..n and the order stays stable.
        if (to < from)
        {
            await s.Db.Set<CallerIdRoute>().Where(r => r.Position >= to && r.Position < from)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position + 1));
        }
        else if (to > from)
        {
            await s.Db.Set<CallerIdRoute>().Where(r => r.Position > from && r.Position <= to)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position - 1));
        }
        route.Position = to;
        await change.CommitAsync();
        return TypedResults.Ok(RouteView.Of(route));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteRoute(long id, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<CallerIdRoute>().FindAsync(id) is not { } route)
        {
            return TypedResults.NotFound();
        }
        s.Db.Remove(route);
        await s.Db.Set<CallerIdRoute>().Where(r => r.Position > route.Position)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position - 1));
        await change.CommitAsync();
        return TypedResults.NoContent();
    }

    private static ValidationProblem? Apply(RouteRequest request, CallerIdRoute route, RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        var pattern = s.Patterns.Parse(request.Destination);
        if (pattern is null)
        {
            errors["destination"] = ["must be a phone number or a prefix ending in * (41*)."];
        }
        var callerId = CallerIdOf(request.CallerId, s, errors);
        if (request.Position is < 1)
        {
            errors["position"] = ["must be 1 or more."];
        }
        CheckCommon(request.Note, request.Source, s, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        route.Destination = request.Destination!.Trim();
        route.Pattern = pattern!;
        route.CallerId = callerId!;
        route.Note = request.Note;
        route.Enabled = request.Enabled ?? true;
        route.Source = request.Source;
        route.UpdatedAt = s.Time.GetUtcNow();
        return null;
    }

    private static async Task<Ok<DefaultCallerId>> GetDefaultCallerId([AsParameters] RuleServices s) =>
        TypedResults.Ok(new DefaultCallerId(await s.Db.Set<RuleSet>().AsNoTracking().Select(r => r.DefaultCallerId).SingleAsync()));

    private static async Task<Results<Ok<DefaultCallerId>, ValidationProblem>> SetDefaultCallerId(
        DefaultCallerId request, [AsParameters] RuleServices s)
    {
        var errors = new Dictionary<string, string[]>();
        var callerId = request.CallerId is null ? null : CallerIdOf(request.CallerId, s, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var change = await RuleChange.BeginAsync(s);
        var settings = await s.Db.Set<RuleSet>().SingleAsync();
        settings.DefaultCallerId = callerId;
        await change.CommitAsync();
        return TypedResults.Ok(new DefaultCallerId(callerId));
    }

    private static Results<Ok<Evaluation>, ValidationProblem> Evaluate(EvaluateRequest request, [AsParameters] RuleServices s, PhoneNumberNormalizer numbers)
    {
        var errors = new Dictionary<string, string[]>();
        var direction = WireName<CallDirection>.Parse(request.Direction?.Trim());
        if (direction is null)
        {
            errors["direction"] = ["must be in or out."];
        }
        CheckCommon(null, request.Source, s, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var facts = new NewCallFacts(request.Source ?? "", direction, request.From, numbers.Normalize(request.From)?.Digits,
            request.To, numbers.Normalize(request.To)?.Digits);
        var decision = s.Rules.Decide(facts);
        return TypedResults.Ok(new Evaluation(PushAnswer.ForNewCall(decision, request.To), decision.Rule, facts.FromNumber, facts.ToNumber));
    }

    private static string? CallerIdOf(string? text, RuleServices s, Dictionary<string, string[]> errors)
    {
        var callerId = s.Patterns.Parse(text);
        if (callerId is null || callerId.EndsWith(NumberPattern.Wildcard))
        {
            errors["callerId"] = ["must be a phone number."];
            return null;
        }
        return callerId;
    }

    private static void CheckCommon(string? note, string? source, RuleServices s, Dictionary<string, string[]> errors)
    {
        TextField.Check("note", note, RuleLimits.NoteLength, errors, multiline: true);
        if (source is not null && !s.Pbxs.Sources.Contains(source))
        {
            errors["source"] = [$"must be the name of a configured PBX ({string.Join(", ", s.Pbxs.Sources)}) or null."];
        }
    }

    /// <summary>
    /// One change to the rules, all or nothing. Moving the version on comes first: it locks the rule_set row, so
    /// concurrent changes (and their checks for duplicates and positions) take turns. After the commit the rules
    /// are reloaded, so the very next newCall sees the change.
    /// </summary>
    private sealed class RuleChange(RuleServices s, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public static async Task<RuleChange> BeginAsync(RuleServices s)
        {
            var transaction = await s.Db.Database.BeginTransactionAsync();
            await RuleBook.MarkChangedAsync(s.Db);
            return new RuleChange(s, transaction);
        }

        public async Task CommitAsync()
        {
            await s.Db.SaveChangesAsync();
            await transaction.CommitAsync();
            await s.Rules.AfterChangeAsync();
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
