using System.Text.Json;
using CtiPush.Data;
using CtiPush.People;
using CtiPush.Numbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary><c>GET /api/v1/calls</c> and <c>/api/v1/calls/{id}</c>: the log a page at a time, and one call with its audit trail.</summary>
public static class CallListApi
{
    public static void Map(RouteGroupBuilder calls)
    {
        calls.MapGet("/", List).WithName("ListCalls").WithSummary("Calls, newest first, filtered, a page at a time");
        calls.MapGet("/{id:long}", Get).WithName("GetCall").WithSummary("One call with its events in the order received");
    }

    private static async Task<Results<Ok<CallPage>, ValidationProblem>> List(
        [AsParameters] CallQuery query, CtiPushDbContext db, PhoneNumberNormalizer numbers, PbxNamesOfUser me, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (query.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var limit = query.Limit ?? CallQuery.DefaultLimit;
        var page = await query.Apply(db.Set<Call>().AsNoTracking(), numbers, query.Mine == true ? await me.OfAsync(user, cancellationToken) : null).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? CallQuery.EncodeCursor(page[limit - 1]) : null;
        return TypedResults.Ok(new CallPage(await CallView.OfAsync([.. page.Take(limit)], db, cancellationToken), next));
    }

    private static async Task<Results<Ok<CallDetail>, NotFound>> Get(long id, CtiPushDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Set<Call>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } call)
        {
            return TypedResults.NotFound();
        }
        var events = await db.Set<CallEvent>().AsNoTracking().Where(e => e.CallRowId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CallDetail((await CallView.OfAsync([call], db, cancellationToken))[0],
            [.. events.Select(e => new CallEventView(e.Id, e.Type, e.ReceivedAt, JsonDocument.Parse(e.Fields).RootElement.Clone()))]));
    }
}
