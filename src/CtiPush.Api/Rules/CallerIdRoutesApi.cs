using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Rules;

/// <summary><c>/api/v1/rules/routes</c>: the caller id outbound calls get, by destination, checked in order (position 1 first).</summary>
public static class CallerIdRoutesApi
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder change)
    {
        read.MapGet("/", List).WithName("ListCallerIdRoutes").WithSummary("All caller id routes, in the order they are checked");
        change.MapPost("/", Create).WithName("CreateCallerIdRoute").WithSummary("Add a caller id route");
        read.MapGet("/{id:long}", Get).WithName("GetCallerIdRoute").WithSummary("One caller id route");
        change.MapPut("/{id:long}", Update).WithName("UpdateCallerIdRoute").WithSummary("Change a caller id route or its position");
        change.MapDelete("/{id:long}", Delete).WithName("DeleteCallerIdRoute").WithSummary("Remove a caller id route");
    }

    private static async Task<Ok<RouteView[]>> List([AsParameters] RuleServices s) =>
        TypedResults.Ok(await s.Db.Set<CallerIdRoute>().AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => RouteView.Of(r)).ToArrayAsync());

    private static async Task<Results<Ok<RouteView>, NotFound>> Get(long id, [AsParameters] RuleServices s) =>
        await s.Db.Set<CallerIdRoute>().FindAsync(id) is { } route ? TypedResults.Ok(RouteView.Of(route)) : TypedResults.NotFound();

    private static async Task<Results<Created<RouteView>, ValidationProblem>> Create(
        RouteRequest request, [AsParameters] RuleServices s)
    {
        if (request.Validate(s) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var route = new CallerIdRoute();
        Apply(request, route, s);
        await using var change = await RuleChange.BeginAsync(s);
        var count = await s.Db.Set<CallerIdRoute>().CountAsync();
        route.Position = Math.Clamp(request.Position ?? count + 1, 1, count + 1);
        await s.Db.Set<CallerIdRoute>().Where(r => r.Position >= route.Position)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position + 1));
        s.Db.Add(route);
        await change.CommitAsync("rule.route", $"route {route.Pattern} → {route.CallerId}");
        return TypedResults.Created($"/api/v1/rules/routes/{route.Id}", RouteView.Of(route));
    }

    private static async Task<Results<Ok<RouteView>, NotFound, ValidationProblem>> Update(
        long id, RouteRequest request, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<CallerIdRoute>().FindAsync(id) is not { } route)
        {
            return TypedResults.NotFound();
        }
        if (request.Validate(s) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        Apply(request, route, s);
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
        await change.CommitAsync("rule.route.update", $"route #{route.Id} ({route.Pattern} → {route.CallerId}, position {route.Position})");
        return TypedResults.Ok(RouteView.Of(route));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long id, [AsParameters] RuleServices s)
    {
        await using var change = await RuleChange.BeginAsync(s);
        if (await s.Db.Set<CallerIdRoute>().FindAsync(id) is not { } route)
        {
            return TypedResults.NotFound();
        }
        s.Db.Remove(route);
        await s.Db.Set<CallerIdRoute>().Where(r => r.Position > route.Position)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Position, r => r.Position - 1));
        await change.CommitAsync("rule.route.delete", $"route #{route.Id} ({route.Pattern})");
        return TypedResults.NoContent();
    }

    private static void Apply(RouteRequest request, CallerIdRoute route, RuleServices s)
    {
        route.Destination = request.Destination!.Trim();
        route.Pattern = s.Patterns.Parse(request.Destination)!;
        route.CallerId = s.CallerIdOf(request.CallerId)!;
        route.Note = request.Note;
        route.Enabled = request.Enabled ?? true;
        route.Source = request.Source;
        route.UpdatedAt = s.Time.GetUtcNow();
    }
}
