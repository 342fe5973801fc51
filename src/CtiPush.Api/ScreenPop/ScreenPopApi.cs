using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.ScreenPop;

/// <summary>
/// The screen pop: the calls that ring for the signed-in person, live and filtered on the server, with who is calling;
/// and the person's own choice of all inbound calls instead. Agents and admins, signed in as a person.
/// </summary>
public static class ScreenPopApi
{
    /// <summary>At most this many calls ringing at once are listed.</summary>
    public const int MaxRinging = 50;

    public static IEndpointRouteBuilder MapScreenPopApi(this IEndpointRouteBuilder app)
    {
        var pops = app.MapGroup("/api/v1/screenpop").WithTags("Screen pop").RequireRole(Roles.Agent);
        pops.MapGet("/", Ringing).WithName("RingingForMe").WithSummary("The calls ringing for you now, newest first, as the screen pop shows them");
        pops.MapGet("/stream", Stream).WithName("StreamScreenPops")
            .WithSummary("Server-sent events: a pop for each change of a call that rings for you (ringing, answered, missed); resumable with Last-Event-ID");

        var me = app.MapGroup("/api/v1/me/screenpop").WithTags("Screen pop").RequireRole(Roles.Agent);
        me.MapGet("/", Setting).WithName("ScreenPopSetting").WithSummary("Which calls pop up for you: yours, or all inbound calls");
        me.MapPut("/", ChangeSetting).WithName("ChangeScreenPopSetting").WithSummary("Choose all inbound calls, or only those that ring for your PBX names");
        return app;
    }

    private static async Task<Results<Ok<ScreenPopPage>, ProblemHttpResult>> Ringing(ClaimsPrincipal user, CtiPushDbContext db, CancellationToken cancellationToken)
    {
        if (PeopleClaims.PersonOf(user) is not { } person)
        {
            return NoPerson();
        }
        var ringing = await db.Set<Call>().AsNoTracking().Where(ScreenPops.For(db, person)).Where(c => c.State == CallState.NewCall)
            .OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).Take(MaxRinging).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ScreenPopPage(await ScreenPops.OfAsync(db, ringing, cancellationToken)));
    }

    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> Stream(
        ClaimsPrincipal user, CtiPushDbContext db, CallChangeFeed feed, IHostApplicationLifetime lifetime,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken requestAborted)
    {
        if (PeopleClaims.PersonOf(user) is not { } person)
        {
            return NoPerson();
        }
        var after = CallStreamApi.ResumeAt(lastEventId, await CallChanges.LatestAsync(db, requestAborted));
        return TypedResults.ServerSentEvents(Pops(db, feed, person, after, requestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>
    /// <c>ready</c> at once (with the position, as the calls' stream), then a <c>pop</c> for each change of a call that
    /// rings for the person, its audit-trail id as event id. Others' calls never leave the server.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Pops(
        CtiPushDbContext db, CallChangeFeed feed, long person, long after,
        [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        yield return CallStreamApi.Ready(after);
        await foreach (var changes in CallChanges.FollowAsync(db, feed, after, ScreenPops.For(db, person), end.Token))
        {
            List<ScreenPopView> pops;
            try
            {
                pops = await ScreenPops.OfAsync(db, [.. changes.Select(c => c.Call)], end.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            foreach (var (pop, (eventId, _)) in pops.Zip(changes))
            {
                yield return new SseItem<object>(pop, "pop") { EventId = eventId.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }

    private static async Task<Results<Ok<ScreenPopSettingView>, ProblemHttpResult>> Setting(ClaimsPrincipal user, CtiPushDbContext db)
    {
        if (PeopleClaims.PersonOf(user) is not { } person)
        {
            return NoPerson();
        }
        var allCalls = await db.Set<ScreenPopSetting>().AsNoTracking().Where(s => s.PersonId == person).Select(s => s.AllCalls).SingleOrDefaultAsync();
        return TypedResults.Ok(new ScreenPopSettingView(allCalls));
    }

    /// <summary>A change is on the audit list; setting what is already set changes nothing and records nothing.</summary>
    private static async Task<Results<Ok<ScreenPopSettingView>, ProblemHttpResult>> ChangeSetting(
        ScreenPopSettingRequest request, ClaimsPrincipal user, CtiPushDbContext db, AuditLog audit)
    {
        if (PeopleClaims.PersonOf(user) is not { } person)
        {
            return NoPerson();
        }
        if (request.AllCalls is not { } allCalls)
        {
            return ProblemResults.Unprocessable(new() { ["allCalls"] = ["is required: true or false."] }, "Invalid screen pop setting");
        }
        for (var attempt = 1; ; attempt++)
        {
            var setting = await db.Set<ScreenPopSetting>().SingleOrDefaultAsync(s => s.PersonId == person);
            if ((setting?.AllCalls ?? false) == allCalls)
            {
                break;
            }
            if (setting is null)
            {
                db.Add(new ScreenPopSetting { PersonId = person, AllCalls = allCalls });
            }
            else
            {
                setting.AllCalls = allCalls;
            }
            audit.Record("screenpop.update", allCalls ? "screen pop: all inbound calls" : "screen pop: my calls");
            try
            {
                await db.SaveChangesAsync();
                break;
            }
            catch (DbUpdateException taken) when (attempt == 1 && taken.IsUniqueViolation())
            {
                db.ChangeTracker.Clear(); // the person's other tab made the row a moment ago: read it and decide again
            }
        }
        return TypedResults.Ok(new ScreenPopSettingView(allCalls));
    }

    private static ProblemHttpResult NoPerson() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Screen pops belong to a person", detail: "Sign in as a person with PBX names; the admin key has none.");
}
