using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;
using CtiPush.People;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Numbers;
using CtiPush.Phonebook;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary>The caller log for people: list, details, done, export, statistics and a live stream.</summary>
public static class CallsApi
{
    public static IHostApplicationBuilder AddCallLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallRecorder>());
        builder.Services.AddSingleton<CallChangeFeed>();
        ClusterSignals.AddChannel(builder.Services, CallChangeFeed.Channel);
        builder.Services.AddOptions<CallLogOptions>().BindConfiguration(CallLogOptions.Section);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        builder.Services.AddSingleton<StaleCallService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StaleCallService>());
        builder.Services.AddHostedService<RingingCallsGauge>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1")
            .RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var calls = admin.MapGroup("/calls").WithTags("Calls");
        calls.MapGet("/", List).WithName("ListCalls").WithSummary("Calls, newest first, filtered, a page at a time");
        calls.MapGet("/{id:long}", Get).WithName("GetCall").WithSummary("One call with its events in the order received");
        calls.MapPatch("/{id:long}", SetDone).WithName("SetCallDone").WithSummary("Mark a call done (called back) or not");
        calls.MapPost("/done", SetManyDone).WithName("SetCallsDone").WithSummary("Mark calls done, all or none");
        calls.MapGet("/export.csv", Export).WithName("ExportCalls").WithSummary("The filtered calls as CSV, streamed")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        calls.MapGet("/stream", Stream).WithName("StreamCalls")
            .WithSummary("Server-sent events: each change to a call as it happens; resumable with Last-Event-ID");

        admin.MapGet("/stats", Statistics).WithTags("Calls").WithName("CallStatistics")
            .WithSummary("Per hour or day, and per queue: inbound, outbound, answered, missed, answer rate, waiting, talking");
        return app;
    }

    private static async Task<Results<Ok<CallPage>, ValidationProblem>> List(
        [AsParameters] CallQuery query, CtiPushDbContext db, PhoneNumberNormalizer numbers, CancellationToken cancellationToken)
    {
        if (query.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var limit = query.Limit ?? CallQuery.DefaultLimit;
        var page = await query.Apply(db.Set<Call>().AsNoTracking(), numbers).Take(limit + 1).ToListAsync(cancellationToken);
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

    private static async Task<Results<Ok<CallView>, NotFound, ValidationProblem>> SetDone(
        long id, DoneChange change, CtiPushDbContext db, CallChangeFeed feed, TimeProvider time, CancellationToken cancellationToken)
    {
        if (change.Done is not { } done)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["done"] = ["is required: true or false."] });
        }
        var call = await db.RetryOnConflictAsync(async _ =>
        {
            if (await db.Set<Call>().SingleOrDefaultAsync(c => c.Id == id) is not { } found)
            {
                return null;
            }
            found.MarkDone(done, time.GetUtcNow());
            await db.SaveChangesAsync();
            return found;
        });
        if (call is null)
        {
            return TypedResults.NotFound();
        }
        feed.Notify();
        return TypedResults.Ok((await CallView.OfAsync([call], db, cancellationToken))[0]);
    }

    public const int MaxBulk = 1000;

    /// <summary>All or nothing: one unknown id and no call changes.</summary>
    private static async Task<Results<Ok<CallView[]>, ValidationProblem, ProblemHttpResult>> SetManyDone(
        BulkDone request, CtiPushDbContext db, CallChangeFeed feed, TimeProvider time, CancellationToken cancellationToken)
    {
        var ids = request.Ids?.Distinct().ToList() ?? [];
        if (ids.Count is 0 or > MaxBulk)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [$"must name 1 to {MaxBulk} calls."] });
        }
        var calls = await db.RetryOnConflictAsync(async _ =>
        {
            var found = await db.Set<Call>().Where(c => ids.Contains(c.Id)).ToListAsync();
            if (found.Count == ids.Count)
            {
                var now = time.GetUtcNow();
                found.ForEach(call => call.MarkDone(true, now));
                await db.SaveChangesAsync(); // one transaction: all of them or none
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

    private static readonly string[] CsvColumns =
    [
        "id", "source", "callId", "direction", "state", "from", "to", "fromNumber", "toNumber", "fromName", "toName", "queue",
        "users", "answeredBy", "answeringNumber", "cause", "action", "reason", "callerId", "decidedBy",
        "startedAt", "answeredAt", "endedAt", "waitingSeconds", "talkingSeconds", "done",
    ];

    /// <summary>
    /// Streamed from the database to the client, named a batch at a time: a million calls never sit in memory.
    /// The names come through a second context, as the first is busy reading the calls.
    /// </summary>
    private static Results<PushStreamHttpResult, ValidationProblem> Export(
        [AsParameters] CallQuery query, CtiPushDbContext db, PhoneNumberNormalizer numbers, TimeProvider time, HttpContext context,
        IServiceScopeFactory scopes)
    {
        if ((query with { Limit = null }).Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var calls = query.Apply(db.Set<Call>().AsNoTracking(), numbers).AsAsyncEnumerable();
        var options = new CsvWriterOptions
        {
            TrueValue = "true",
            FalseValue = "false",
            // A field a spreadsheet would run as a formula (= + - @ …) is escaped, even a number written +49….
            Injection = CsvInjection.Escape,
        };
        return TypedResults.Stream(async body =>
        {
            await using var namesScope = scopes.CreateAsyncScope();
            var phonebook = namesScope.ServiceProvider.GetRequiredService<CtiPushDbContext>();
            await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
            csv.WriteHeader(CsvColumns);
            await foreach (var batch in calls.Chunk(500).WithCancellation(context.RequestAborted))
            {
                foreach (var view in await CallView.OfAsync(batch, phonebook, context.RequestAborted))
                {
                    WriteRow(csv, view);
                    await csv.EndRecordAsync();
                }
            }
        }, "text/csv; charset=utf-8", $"calls-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
    }

    private static void WriteRow(CsvWriter csv, CallView c)
    {
        csv.WriteField(c.Id, default);
        foreach (var text in (string?[])[c.Source, c.CallId, c.Direction is { } d ? WireName<CallDirection>.Of(d) : null, WireName<CallState>.Of(c.State), c.From, c.To, c.FromNumber, c.ToNumber, c.FromName,
            c.ToName, c.Queue, string.Join("; ", c.Users), c.AnsweredBy, c.AnsweringNumber, c.Cause, c.Action, c.Reason, c.CallerId, c.DecidedBy])
        {
            csv.WriteField(text);
        }
        csv.WriteField(c.StartedAt, default);
        csv.WriteField(c.AnsweredAt, default);
        csv.WriteField(c.EndedAt, default);
        csv.WriteField(c.WaitingSeconds, default);
        csv.WriteField(c.TalkingSeconds, default);
        csv.WriteField(c.Done);
    }

    private static async Task<Results<Ok<CallStatistics>, ValidationProblem>> Statistics(
        DateTimeOffset? since, DateTimeOffset? until, string? bucket, CtiPushDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        bucket ??= "hour";
        Func<DateTimeOffset, DateTimeOffset> bucketOf = bucket == "day"
            ? t => new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero)
            : t => new DateTimeOffset(t.UtcDateTime.Date.AddHours(t.UtcDateTime.Hour), TimeSpan.Zero);
        var errors = new Dictionary<string, string[]>();
        if (until < DateTimeOffset.MinValue.AddDays(31) || since < DateTimeOffset.MinValue.AddDays(1))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["is before any call could be."] });
        }
        // By default up to the end of the current bucket, so the calls of this very moment count.
        var end = until?.ToUniversalTime() ?? bucketOf(time.GetUtcNow()).Add(bucket == "day" ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
        var start = since?.ToUniversalTime() ?? (bucket == "day" ? end.AddDays(-30) : end.AddDays(-1));
        if (bucket is not ("hour" or "day"))
        {
            errors["bucket"] = ["must be hour or day."];
        }
        if (start >= end)
        {
            errors["since"] = ["must be before until."];
        }
        else if ((end - start).TotalDays > 400)
        {
            errors["since"] = ["must be at most 400 days before until."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var facts = await db.Set<Call>().AsNoTracking()
            .Where(c => c.StartedAt >= start && c.StartedAt < end)
            .Select(c => new CallFacts(c.StartedAt, c.Direction, c.Queue, c.State, c.AnsweredAt != null, c.AnsweredBy, c.Cause, c.WaitingSeconds, c.TalkingSeconds))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CallStatistics(start, end, bucket, StatisticsCalculator.Calculate(facts, bucketOf)));
    }

    private static async Task<ServerSentEventsResult<object>> Stream(
        CtiPushDbContext db, CallChangeFeed feed, IHostApplicationLifetime lifetime,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken requestAborted)
    {
        // Where the stream starts is fixed before the client sees the response: nothing after it is missed.
        var latest = await db.Set<CallEvent>().MaxAsync(e => (long?)e.Id, requestAborted) ?? 0;
        // A resumed stream starts after the client's last event; an id this service never gave starts from now.
        var after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Math.Min(id, latest) : latest;
        return TypedResults.ServerSentEvents(Changes(db, feed, after, requestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>
    /// Each change is an entry of the audit trail; its id is the event id a client resumes from. A first
    /// <c>ready</c> event sends the response at once (a client waits for it) and gives the position it starts from.
    /// The stream ends when the client goes or the service stops, so a stream never holds up a shutdown.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Changes(
        CtiPushDbContext db, CallChangeFeed feed, long after, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        yield return new SseItem<object>(new { after }, "ready") { EventId = after.ToString(CultureInfo.InvariantCulture) };
        // Ids are handed out before commits land, so with concurrent writers id 100 can become visible after 101.
        // Each look goes back a window of ids and sends what it has not sent yet.
        var start = after;
        var sent = new HashSet<long>();
        while (!end.IsCancellationRequested)
        {
            var next = feed.NextChange; // taken before reading, so a change during the read is not missed
            var changes = (await ChangesAfterAsync(db, Math.Max(start, after - LookBack), end.Token))
                .Where(change => sent.Add(change.EventId))
                .ToList();
            // Several changes of one call in a batch: its latest state once, under the latest id.
            var latest = changes.GroupBy(c => c.Call.Id).Select(g => g.MaxBy(c => c.EventId)).OrderBy(c => c.EventId).ToList();
            var names = await NamesOrNoneAsync(db, latest.SelectMany(c => (string?[])[c.Call.FromNumber, c.Call.ToNumber]), end.Token);
            foreach (var (eventId, call) in latest)
            {
                yield return new SseItem<object>(CallView.Of(call, names), "call") { EventId = eventId.ToString(CultureInfo.InvariantCulture) };
            }
            if (changes.Count > 0)
            {
                after = Math.Max(after, changes.Max(c => c.EventId));
                sent.RemoveWhere(id => id <= after - LookBack);
                continue;
            }
            await WaitForChangeAsync(next, end.Token);
        }
    }

    /// <summary>How far behind the newest change a late commit is still picked up.</summary>
    private const int LookBack = 500;

    private static async Task<List<(long EventId, Call Call)>> ChangesAfterAsync(CtiPushDbContext db, long after, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await db.Set<CallEvent>().AsNoTracking()
                .Where(e => e.Id > after).OrderBy(e => e.Id).Take(LookBack + 200)
                .Join(db.Set<Call>().AsNoTracking(), e => e.CallRowId, c => c.Id, (e, c) => new { EventId = e.Id, Call = c })
                .ToListAsync(cancellationToken);
            return [.. rows.Select(r => (r.EventId, r.Call))];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesOrNoneAsync(
        CtiPushDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        try
        {
            return await db.ForNumbersAsync(numbers, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ContactNames.None; // the stream is ending; the loop stops after this batch
        }
    }

    /// <summary>Until this instance changes a call, or a second has passed (what other instances wrote is read then).</summary>
    private static async Task WaitForChangeAsync(Task next, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (Exception ended) when (ended is TimeoutException or OperationCanceledException)
        {
            // either way the loop looks again, or ends
        }
    }
}
