using System.Globalization;
using CsvHelper;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary><c>/api/v1/contacts/import</c> and <c>/export.csv</c>: the whole phonebook as a CSV file, in and out.</summary>
public static class ContactFilesApi
{
    public static void Map(RouteGroupBuilder contacts)
    {
        contacts.MapPost("/import", Import).WithName("ImportContacts")
            .WithSummary("Import CSV (name,organisation,number,label[,note]; rows with one name add numbers to one contact), stored in batches of 1,000 rows; a report with counts and the rejected rows")
            // The types spreadsheets and browsers give a .csv file (Windows says Excel), or a form with the file.
            .Accepts<string>("text/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes + 64 * 1024)) // a form's boundaries and headers on top
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem();
        contacts.MapGet("/export.csv", Export).WithName("ExportContacts").WithSummary("The phonebook as CSV, one row per number, as import reads it")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest request, ContactImporter importer, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = await ImportFile.ReceiveAsync(request, cancellationToken);
            return await importer.ImportAsync(file, cancellationToken);
        }
        catch (ImportRefusedException refused)
        {
            return refused.Problem;
        }
        catch (ImportCutShortException cutShort)
        {
            // As the database's 503 elsewhere, but some of the file is stored: the answer says up to which row.
            request.HttpContext.Response.Headers.RetryAfter = DatabaseUnavailableHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Import cut short",
                detail: $"The database stopped answering during the import: rows 1 to {cutShort.StoredThrough} are stored, the rest is not. " +
                    "Send the same file again later to import the rest (the stored rows come out unchanged).",
                extensions: new Dictionary<string, object?>
                {
                    ["storedThroughRow"] = cutShort.StoredThrough,
                    ["retryAfterSeconds"] = DatabaseUnavailableHandler.RetryAfterSeconds,
                });
        }
    }

    private static readonly string[] CsvColumns = ["name", "organisation", "number", "label", "note"];

    /// <summary>Streamed; a contact without numbers is one row with an empty number, so import brings it back.</summary>
    private static PushStreamHttpResult Export(CtiPushDbContext db, TimeProvider time, HttpContext context)
    {
        var contacts = db.Set<Contact>().AsNoTracking().Include(c => c.Numbers).OrderBy(c => c.Name).ThenBy(c => c.Id)
            .AsAsyncEnumerable().WithCancellation(context.RequestAborted);
        var options = SpreadsheetCsv.WriterOptions();
        return TypedResults.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
            csv.WriteHeader(CsvColumns);
            await foreach (var contact in contacts)
            {
                foreach (var number in contact.Numbers.Count == 0 ? [null] : contact.Numbers.OrderBy(n => n.Id).ToArray<ContactNumber?>())
                {
                    csv.WriteField(SpreadsheetCsv.Escape(contact.Name));
                    csv.WriteField(SpreadsheetCsv.Escape(contact.Organisation));
                    csv.WriteField(SpreadsheetCsv.Escape(number?.Number));
                    csv.WriteField(number is null ? null : WireName<NumberLabel>.Of(number.Label));
                    csv.WriteField(SpreadsheetCsv.Escape(contact.Note));
                    await csv.EndRecordAsync();
                }
            }
        }, "text/csv; charset=utf-8", $"contacts-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv");
    }
}
