using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Rules;

/// <summary><c>/api/v1/rules/default-caller-id</c>: the caller id of outbound calls no route matches.</summary>
public static class DefaultCallerIdApi
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder change)
    {
        read.MapGet("/default-caller-id", Get).WithName("GetDefaultCallerId").WithSummary("The caller id for outbound calls no route matches");
        change.MapPut("/default-caller-id", Set).WithName("SetDefaultCallerId").WithSummary("Set or clear (null) the default caller id");
    }

    private static async Task<Ok<DefaultCallerId>> Get([AsParameters] RuleServices s) =>
        TypedResults.Ok(new DefaultCallerId(await s.Db.Set<RuleSet>().AsNoTracking().Select(r => r.DefaultCallerId).SingleAsync()));

    private static async Task<Results<Ok<DefaultCallerId>, ValidationProblem>> Set(
        DefaultCallerId request, [AsParameters] RuleServices s)
    {
        if (request.Validate(s) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var callerId = s.CallerIdOf(request.CallerId);
        await using var change = await RuleChange.BeginAsync(s);
        var settings = await s.Db.Set<RuleSet>().SingleAsync();
        settings.DefaultCallerId = callerId;
        await change.CommitAsync("rule.default-caller-id", $"default caller id {callerId ?? "none"}");
        return TypedResults.Ok(new DefaultCallerId(callerId));
    }
}
