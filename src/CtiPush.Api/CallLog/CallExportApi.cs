using CsvHelper;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.People;
using CtiPush.Numbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.CallLog;

/// <summary><c>GET /api/v1/calls/export.csv</c>: the calls the filters select, as CSV, streamed.</summary>
public static class CallExportApi
{
    public static void Map(RouteGroupBuilder calls) =>
        calls.MapGet("/export.csv", Export).WithName("ExportCalls").WithSummary("The filtered calls as CSV, streamed")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

    private static readonly string[] CsvColumns =
    [
        "id", "source", "callId", "direction", "state", "from", "to", "fromNumber", "toNumber", "fromName", "toName", "queue",
        "users", "answeredBy", "answeringNumber", "cause", "action", "reason", "callerId", "decidedBy",
        "startedAt", "answeredAt", "endedAt", "waitingSeconds", "talkingSeconds", "done",
        "normalizedCause", // new columns go at the end, so readers by position keep working
    ];

    /// <summary>
    /// Streamed from the database to the client, named a batch at a time: a million calls never sit in memory.
    /// The names come through a second context, as the first is busy reading the calls.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> Export(
        [AsParameters] CallQuery query, CtiPushDbContext db, PhoneNumberNormalizer numbers, TimeProvider time, HttpContext context,
        IServiceScopeFactory scopes, PbxNamesOfUser me)
    {
        if (query.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var calls = query.Apply(db.Set<Call>().AsNoTracking(), numbers, query.Mine == true ? await me.OfAsync(context.User, context.RequestAborted) : null).AsAsyncEnumerable();
        // Every field quoted, and any text a spreadsheet could run as a formula escaped, even a number written +49….
        var options = SpreadsheetCsv.WriterOptions() with { TrueValue = "true", FalseValue = "false" };
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
            csv.WriteField(SpreadsheetCsv.Escape(text));
        }
        csv.WriteField(c.StartedAt, default);
        csv.WriteField(c.AnsweredAt, default);
        csv.WriteField(c.EndedAt, default);
        csv.WriteField(c.WaitingSeconds, default);
        csv.WriteField(c.TalkingSeconds, default);
        csv.WriteField(c.Done);
        csv.WriteField(c.NormalizedCause is { } cause ? WireName<HangupCause>.Of(cause) : null);
    }
}
