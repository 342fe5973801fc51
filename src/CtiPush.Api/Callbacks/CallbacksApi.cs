using System.Globalization;
using System.Security.Claims;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.People;
using CtiPush.Phonebook;
using CtiPush.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Callbacks;

/// <summary>The callback worklist: everyone signed in reads it; agents claim, note and resolve.</summary>
public static class CallbacksApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IHostApplicationBuilder AddCallbacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICallObserver, CallbackWorklist>();
        builder.Services.AddScoped<IPersonalData, CallbackPersonalData>();
        builder.Services.AddHostedService<CallbacksGauge>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCallbacksApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/callbacks").WithTags("Callbacks").RequireRole(Roles.Viewer);
        read.MapGet("/", List).WithName("ListCallbacks").WithSummary("Callbacks, oldest open first (resolved: newest first), a page at a time");
        read.MapGet("/{id:long}", Get).WithName("GetCallback").WithSummary("One callback with its calls and notes");
        CallbackStreamApi.Map(read);

        var work = app.MapGroup("/api/v1/callbacks").WithTags("Callbacks").RequireRole(Roles.Agent);
        work.MapPost("/{id:long}/claim", Claim).WithName("ClaimCallback").WithSummary("Take it: someone else's claim is 409 (admins may take over)");
        work.MapPost("/{id:long}/release", Release).WithName("ReleaseCallback").WithSummary("Give it back to the team");
        work.MapPost("/{id:long}/notes", AddNote).WithName("NoteCallback").WithSummary("Add a note (at most 2,000 characters)");
        work.MapPost("/{id:long}/resolve", Resolve).WithName("ResolveCallback")
            .WithSummary("Resolve with an outcome; noAnswer records the attempt and keeps it open");
        return app;
    }

    private static async Task<Results<Ok<CallbackPage>, ValidationProblem>> List(
        string? state, string? queue, string? claimedBy, string? q, string? cursor, int? limit,
        CtiPushDbContext db, PhoneNumberNormalizer numbers, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = state is null ? CallbackState.Open : WireName<CallbackState>.Parse(state);
        if (wanted is null)
        {
            errors["state"] = ["must be open or resolved."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be from 1 to {MaxLimit}."];
        }
        var after = cursor is null ? null : Cursor(cursor);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["is not a cursor this service gave."];
        }
        foreach (var (name, value) in new[] { ("queue", queue), ("claimedBy", claimedBy), ("q", q) })
        {
            if (TextAttribute.Problem(value, CallLimits.NameLength) is { } problem)
            {
                errors[name] = [problem];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var callbacks = db.Set<Callback>().AsNoTracking().Include(c => c.Calls).Include(c => c.Notes).Where(c => c.State == wanted);
        if (queue is not null)
        {
            callbacks = callbacks.Where(c => c.Queues.Contains(queue));
        }
        if (claimedBy is "me")
        {
            var me = PeopleClaims.PersonOf(user);
            callbacks = callbacks.Where(c => c.ClaimedByPersonId == me);
        }
        else if (claimedBy is not null)
        {
            callbacks = callbacks.Where(c => c.ClaimedBy == claimedBy);
        }
        if (q is not null)
        {
            var digits = numbers.Normalize(q)?.Digits;
            var named = db.Set<ContactNumber>().Join(db.Set<Contact>().Where(c => c.Name.Contains(q)), n => n.ContactId, c => c.Id, (n, _) => n.Normalized);
            callbacks = callbacks.Where(c => c.Number == digits || named.Contains(c.Number));
        }
        // Open: the longest waiting first. Resolved: the latest first. Keyset on (time, id), so pages never shift.
        var take = limit ?? DefaultLimit;
        List<Callback> page;
        if (wanted == CallbackState.Open)
        {
            if (after is var (at, id))
            {
                callbacks = callbacks.Where(c => c.FirstAt > at || (c.FirstAt == at && c.Id > id));
            }
            page = await callbacks.OrderBy(c => c.FirstAt).ThenBy(c => c.Id).Take(take + 1).ToListAsync(cancellationToken);
        }
        else
        {
            if (after is var (at, id))
            {
                callbacks = callbacks.Where(c => c.ResolvedAt < at || (c.ResolvedAt == at && c.Id < id));
            }
            page = await callbacks.OrderByDescending(c => c.ResolvedAt).ThenByDescending(c => c.Id).Take(take + 1).ToListAsync(cancellationToken);
        }
        var next = page.Count > take ? Encode(wanted == CallbackState.Open ? page[take - 1].FirstAt : page[take - 1].ResolvedAt!.Value, page[take - 1].Id) : null;
        return TypedResults.Ok(new CallbackPage(await ViewsAsync(db, [.. page.Take(take)], cancellationToken), next));
    }

    private static async Task<Results<Ok<CallbackView>, NotFound>> Get(long id, CtiPushDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Callback>().AsNoTracking().Include(c => c.Calls).Include(c => c.Notes).SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } callback
            ? TypedResults.Ok((await ViewsAsync(db, [callback], cancellationToken))[0])
            : TypedResults.NotFound();

    private static Task<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>> Claim(long id, [AsParameters] CallbackServices s) =>
        ChangeAsync(id, s, "callback.claim", callback =>
        {
            if (callback.State == CallbackState.Resolved)
            {
                return ProblemResults.Conflict("This callback is resolved already.");
            }
            var me = PeopleClaims.PersonOf(s.Audit.User);
            var admin = PeopleClaims.RoleOf(s.Audit.User) == PersonRole.Admin;
            if (callback.ClaimedBy is { } holder && (callback.ClaimedByPersonId != me || (me is null && holder != s.Audit.Actor)) && !admin)
            {
                return ProblemResults.Conflict($"{holder} has claimed this callback.");
            }
            callback.Claim(s.Audit.Actor, me);
            return null;
        });

    private static Task<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>> Release(long id, [AsParameters] CallbackServices s) =>
        ChangeAsync(id, s, "callback.release", callback =>
        {
            var mine = callback.ClaimedByPersonId == PeopleClaims.PersonOf(s.Audit.User) && callback.ClaimedBy == s.Audit.Actor;
            if (callback.ClaimedBy is { } holder && !mine && PeopleClaims.RoleOf(s.Audit.User) != PersonRole.Admin)
            {
                return ProblemResults.Conflict($"{holder} has claimed this callback; only they or an admin can release it.");
            }
            callback.Release();
            return null;
        });

    private static Task<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>> AddNote(long id, NoteRequest request, [AsParameters] CallbackServices s)
    {
        if (NoteProblem(request.Text, required: true) is { } invalid)
        {
            return Task.FromResult<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>>(invalid);
        }
        return ChangeAsync(id, s, "callback.note", callback =>
        {
            callback.Note(s.Audit.Actor, request.Text!.Trim(), s.Time.GetUtcNow());
            return null;
        });
    }

    private static Task<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>> Resolve(long id, ResolveRequest request, [AsParameters] CallbackServices s)
    {
        var outcome = WireName<CallbackOutcome>.Parse(request.Outcome);
        var errors = new Dictionary<string, string[]>();
        if (outcome is null)
        {
            errors["outcome"] = [$"is required: {WireName<CallbackOutcome>.Choices}."];
        }
        if (NoteProblem(request.Note, required: false) is not null)
        {
            errors["note"] = [$"must be at most {CallbackNoteConfiguration.TextLength} characters of text."];
        }
        if (errors.Count > 0)
        {
            return Task.FromResult<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>>(ProblemResults.Unprocessable(errors));
        }
        return ChangeAsync(id, s, $"callback.{request.Outcome}", callback =>
        {
            if (callback.State == CallbackState.Resolved)
            {
                return ProblemResults.Conflict("This callback is resolved already.");
            }
            var now = s.Time.GetUtcNow();
            var text = string.IsNullOrWhiteSpace(request.Note) ? request.Outcome! : $"{request.Outcome}: {request.Note.Trim()}";
            callback.Note(s.Audit.Actor, text, now);
            if (outcome != CallbackOutcome.NoAnswer)
            {
                callback.Resolve(outcome!.Value, s.Audit.Actor, now);
            }
            return null;
        });
    }

    /// <summary>
    /// One change by hand: read, check, change, audit, commit; a concurrent change (another agent's claim) makes the
    /// row version refuse this one, which is then read and checked again, and so gets the 409 it should.
    /// </summary>
    private static async Task<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>> ChangeAsync(
        long id, CallbackServices s, string action, Func<Callback, ProblemHttpResult?> change)
    {
        var outcome = await s.Db.RetryOnConflictAsync<Results<Ok<CallbackView>, NotFound, ProblemHttpResult>?>(async _ =>
        {
            await using var transaction = await s.Db.Database.BeginTransactionAsync();
            if (await s.Db.Set<Callback>().Include(c => c.Calls).Include(c => c.Notes).SingleOrDefaultAsync(c => c.Id == id) is not { } callback)
            {
                return TypedResults.NotFound();
            }
            if (change(callback) is { } refused)
            {
                return refused;
            }
            if (callback.State == CallbackState.Resolved)
            {
                await CallbackWorklist.MarkCallsDoneAsync(s.Db, callback, s.Audit.Actor, s.Time.GetUtcNow());
            }
            s.Audit.Record(action, $"callback {callback.Id} ({callback.Number})");
            await s.Db.SaveChangesAsync();
            await transaction.CommitAsync();
            return null;
        });
        if (outcome is not null)
        {
            return outcome;
        }
        s.Feed.Notify();
        var saved = await s.Db.Set<Callback>().AsNoTracking().Include(c => c.Calls).Include(c => c.Notes).SingleAsync(c => c.Id == id);
        return TypedResults.Ok((await ViewsAsync(s.Db, [saved], CancellationToken.None))[0]);
    }

    private static async Task<CallbackView[]> ViewsAsync(CtiPushDbContext db, IReadOnlyCollection<Callback> callbacks, CancellationToken cancellationToken)
    {
        var names = await db.ForNumbersAsync(callbacks.Select(c => c.Number), cancellationToken);
        return [.. callbacks.Select(c => CallbackView.Of(c, names))];
    }

    private static ProblemHttpResult? NoteProblem(string? text, bool required) =>
        required && string.IsNullOrWhiteSpace(text)
            ? ProblemResults.Unprocessable(new() { ["text"] = ["is required."] })
            : TextAttribute.Problem(text?.Trim(), CallbackNoteConfiguration.TextLength, multiline: true) is { } problem
                ? ProblemResults.Unprocessable(new() { [required ? "text" : "note"] = [problem] })
                : null;

    private static string Encode(DateTimeOffset at, long id) => $"{at.UtcTicks}.{id}";

    private static (DateTimeOffset At, long Id)? Cursor(string cursor) =>
        cursor.Split('.') is [var ticks, var id]
        && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks
        && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (new DateTimeOffset(t, TimeSpan.Zero), i)
            : null;
}
