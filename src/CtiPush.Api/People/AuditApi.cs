using System.Globalization;
using CtiPush.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>Who changed what, newest first. Admins only.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/audit").WithTags("People")
            .RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/", List).WithName("ListAudit").WithSummary("Changes made through the admin API, newest first; keyset-paged with next");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> List(string? cursor, int? limit, CtiPushDbContext db)
    {
        var errors = new Dictionary<string, string[]>();
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors["cursor"] = ["is not a cursor this list gave."];
            }
        }
        if (limit is < 1 or > 500)
        {
            errors["limit"] = ["must be 1 to 500."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var take = limit ?? 50;
        var page = await db.Set<AuditEntry>().AsNoTracking()
            .Where(e => before == null || e.Id < before)
            .OrderByDescending(e => e.Id)
            .Take(take + 1)
            .Select(e => new AuditEntryView(e.Id, e.At, e.Actor, e.Action, e.Target))
            .ToListAsync();
        var next = page.Count > take ? page[take - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new AuditPage([.. page.Take(take)], next));
    }
}
