using CtiPush.Data;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>Marking calls done (called back) or not, one at a time or many at once.</summary>
public static class CallDoneApi
{
    public static void Map(RouteGroupBuilder calls)
    {
        calls.MapPatch("/{id:long}", SetDone).WithName("SetCallDone").WithSummary("Mark a call done (called back) or not")
            .ProducesValidationProblem();
        calls.MapPost("/done", SetManyDone).WithName("SetCallsDone").WithSummary("Mark calls done, all or none")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<CallView>, NotFound>> SetDone(
        long id, DoneChange change, CtiPushDbContext db, CallChangeFeed feed, CallObservers observers, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var done = change.Done!.Value;
        var call = await db.RetryOnConflictAsync(async _ =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (await db.Set<Call>().SingleOrDefaultAsync(c => c.Id == id) is not { } found)
            {
                return null;
            }
            var now = time.GetUtcNow();
            found.MarkDone(done, now, audit.Actor);
            audit.Record(done ? "call.done" : "call.undone", $"call {found.Id}");
            await observers.SaveAsync(db, [found], now);
            await transaction.CommitAsync();
            return found;
        });
        if (call is null)
        {
            return TypedResults.NotFound();
        }
        feed.Notify();
        return TypedResults.Ok((await CallView.OfAsync([call], db, cancellationToken))[0]);
    }

    /// <summary>All or nothing: one unknown id and no call changes.</summary>
    private static async Task<Results<Ok<CallView[]>, ProblemHttpResult>> SetManyDone(
        BulkDone request, CtiPushDbContext db, CallChangeFeed feed, CallObservers observers, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var ids = request.Ids!.Distinct().ToList();
        var calls = await db.RetryOnConflictAsync(async _ =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(); // all of them or none
            var found = await db.Set<Call>().Where(c => ids.Contains(c.Id)).ToListAsync();
            if (found.Count == ids.Count)
            {
                var now = time.GetUtcNow();
                found.ForEach(call => call.MarkDone(true, now, audit.Actor));
                audit.Record("call.done", Shorten($"{found.Count} calls: {string.Join(", ", ids.Order())}"));
                await observers.SaveAsync(db, found, now);
                await transaction.CommitAsync();
            }
            return found;
        });
        if (calls.Count != ids.Count)
        {
            var unknown = ids.Except(calls.Select(c => c.Id)).Order().ToList();
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown calls",
                detail: $"No call has the id {string.Join(", ", unknown)}; none was changed.",
                extensions: new Dictionary<string, object?> { ["unknownIds"] = unknown });
        }
        feed.Notify();
        return TypedResults.Ok(await CallView.OfAsync([.. calls.OrderBy(c => c.Id)], db, cancellationToken));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..299] + "…";
}
