using System.Globalization;
using CsvHelper;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Statistics;

/// <summary><c>GET /api/v1/stats.csv</c>: the figures of <c>/api/v1/stats</c> for a spreadsheet, one line per group, then the total.</summary>
public static class StatisticsCsv
{
    public static void Map(RouteGroupBuilder stats) =>
        stats.MapGet("/stats.csv", Export).WithName("TeamStatisticsCsv")
            .WithSummary("The same figures as CSV, with the same parameters: one line per group (row), then the total (total)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>The JSON names of <see cref="TeamFigures"/>, after <c>line</c>: <c>row</c> or <c>total</c> (a queue may be called "total").</summary>
    private static readonly string[] Columns =
    [
        "line", "group", "offered", "answered", "abandoned", "shortAbandoned", "blocked", "answerRate", "serviceLevel", "asaSeconds",
        "waitingMedianSeconds", "waitingP90Seconds", "talkingSeconds", "talkingMeanSeconds", "outbound", "outboundTalkingSeconds",
        "outsideHours", "callbacksOpened", "callbacksResolved", "callbackMedianSeconds", "answeredShare",
    ];

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        [AsParameters] StatisticsQuery query, [AsParameters] StatisticsServices services, CancellationToken cancellationToken)
    {
        var (statistics, errors) = await services.ReadAsync(query, cancellationToken);
        if (statistics is null)
        {
            return ProblemResults.Unprocessable(errors);
        }
        // A few hundred lines at most (400 days by day): written whole, so a failure is still a problem, not a cut file.
        using var body = new MemoryStream();
        await using (var csv = CsvWriter.Create(body, SpreadsheetCsv.WriterOptions(), leaveOpen: true))
        {
            csv.WriteHeader(Columns);
            foreach (var (line, figures) in statistics.Rows.Select(r => ("row", r)).Append(("total", statistics.Total)))
            {
                WriteLine(csv, line, figures);
                await csv.EndRecordAsync();
            }
        }
        var name = $"statistics-{query.Breakdown}-{services.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.File(body.ToArray(), "text/csv; charset=utf-8", name);
    }

    private static void WriteLine(CsvWriter csv, string line, TeamFigures f)
    {
        csv.WriteField(line);
        csv.WriteField(SpreadsheetCsv.Escape(f.Group)); // a queue's or a PBX name is the PBX's text
        foreach (var count in (long[])[f.Offered, f.Answered, f.Abandoned, f.ShortAbandoned, f.Blocked])
        {
            csv.WriteField(count, default);
        }
        foreach (var figure in (double?[])[f.AnswerRate, f.ServiceLevel, f.AsaSeconds, f.WaitingMedianSeconds, f.WaitingP90Seconds])
        {
            csv.WriteField(figure, default);
        }
        csv.WriteField(f.TalkingSeconds, default);
        csv.WriteField(f.TalkingMeanSeconds, default);
        foreach (var count in (long[])[f.Outbound, f.OutboundTalkingSeconds, f.OutsideHours, f.CallbacksOpened, f.CallbacksResolved])
        {
            csv.WriteField(count, default);
        }
        csv.WriteField(f.CallbackMedianSeconds, default);
        csv.WriteField(f.AnsweredShare, default);
    }
}
