using CsvHelper;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CtiPush.Phonebook;

/// <summary>
/// Imports a CSV phonebook: <c>name,organisation,number,label</c> (and optionally <c>note</c>), any separator a
/// spreadsheet writes. Rows with the same name are one contact; a name the phonebook has already adds to that
/// contact. Every row gets a line in the report; the good rows are stored in one transaction, so a failure
/// stores none and the same file can simply be sent again.
/// </summary>
public sealed class ContactImporter(CtiPushDbContext db, PhoneNumberNormalizer numbers, ContactDependents dependents, AuditLog audit, TimeProvider time, ILogger<ContactImporter> logger)
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 200_000;

    /// <summary>The file: the body itself, or the first file of a multipart form (<c>curl -F file=@contacts.csv</c>).</summary>
    public static async Task<byte[]> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType && request.ContentLength > MaxBytes) // a form may add its boundaries on top
        {
            throw TooLarge();
        }
        try
        {
            var body = request.Body;
            if (request.HasFormContentType)
            {
                var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
                if (string.IsNullOrEmpty(boundary) || boundary.Length > LimitedBody.MaxBoundaryLength)
                {
                    throw Refused(StatusCodes.Status400BadRequest, "Bad multipart body", "A multipart body needs a boundary of 1 to 70 characters.");
                }
                var section = await new MultipartReader(boundary, body) { BodyLengthLimit = MaxBytes }.ReadNextSectionAsync(cancellationToken)
                    ?? throw Refused(StatusCodes.Status400BadRequest, "No file", "The multipart body holds no part: send the CSV file as its first part.");
                body = section.Body;
            }
            var file = await LimitedBody.ReadAsync(body, MaxBytes, cancellationToken);
            return file.Length > MaxBytes ? throw TooLarge() : file;
        }
        catch (InvalidDataException tooLong) when (tooLong.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge();
        }
        catch (Exception malformed) when (malformed is IOException or InvalidDataException)
        {
            throw Refused(StatusCodes.Status400BadRequest, "Bad multipart body", "The multipart body is cut short or malformed: send the CSV file as a form's file, or as the body itself.");
        }
    }

    public async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(byte[] file, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["is empty: send a CSV file with the header name,organisation,number,label."] });
        }
        List<ParsedRow> parsed;
        try
        {
            parsed = Parse(file);
        }
        catch (ImportRefusedException refused)
        {
            return refused.Problem;
        }

        var started = time.GetTimestamp();
        await using var change = await ContactChange.BeginAsync(db, dependents, audit, cancellationToken);
        var existing = await ExistingContactsAsync(parsed, cancellationToken);
        var report = Apply(parsed, existing);
        await change.ContactsChangingAsync([.. report.Where(r => r.Status == ImportStatus.Updated).Select(r => r.Contact!.Id).Distinct()]);
        await change.CommitAsync("contact.import", $"{parsed.Count} rows", cancellationToken);

        var result = new ImportReport(Count(ImportStatus.Imported), Count(ImportStatus.Updated), Count(ImportStatus.Unchanged), Count(ImportStatus.Rejected),
            [.. report.Select(r => new ImportRow(r.Row, r.Status.ToString().ToLowerInvariant(), r.Contact?.Id, r.Reason))]);
        logger.LogInformation("Phonebook import of {Rows} rows in {Elapsed} ms: {Imported} imported, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            parsed.Count, (int)time.GetElapsedTime(started).TotalMilliseconds, result.Imported, result.Updated, result.Unchanged, result.Rejected);
        return TypedResults.Ok(result);

        int Count(ImportStatus status) => report.Count(r => r.Status == status);
    }

    private sealed record ParsedRow(int Row, string Name, string? Organisation, string? Number, string? Normalized, NumberLabel Label, string? Note, string? Problem);

    private sealed record RowOutcome(int Row, ImportStatus Status, Contact? Contact, string? Reason);

    private List<ParsedRow> Parse(byte[] file)
    {
        var options = new CsvReaderOptions
        {
            TrimWhitespace = true,
            NormalizeHeaderName = name => name.Trim().ToLowerInvariant(),
            IncludeValuesInExceptions = false, // a row is personal data: it goes into the report, not the log
        };
        using var csv = CsvReader.Create(file, options);
        csv.ReadHeader();
        var columns = new Dictionary<string, int>();
        foreach (var column in (string[])["name", "organisation", "number", "label", "note"])
        {
            if (csv.TryGetFieldIndex(column, out var index))
            {
                columns[column] = index;
            }
        }
        if (!columns.ContainsKey("name") || !columns.ContainsKey("number"))
        {
            throw Refused(StatusCodes.Status422UnprocessableEntity, "Not a phonebook file",
                $"The first line must name the columns: name,organisation,number,label (and optionally note); it names {string.Join(",", csv.Headers.Take(10))}.");
        }

        var rows = new List<ParsedRow>();
        while (csv.Read())
        {
            if (rows.Count == MaxRows)
            {
                throw Refused(StatusCodes.Status422UnprocessableEntity, "Too many rows", $"A file may have at most {MaxRows} rows: split it and import the parts.");
            }
            rows.Add(ParseRow((int)csv.RowNumber, Field("name"), Field("organisation"), Field("number"), Field("label"), Field("note")));
        }
        return rows;

        string? Field(string column) => columns.TryGetValue(column, out var index) ? SpreadsheetCsv.Unescape(csv.GetString(index)) : null;
    }

    private ParsedRow ParseRow(int row, string? name, string? organisation, string? number, string? label, string? note)
    {
        name = ContactsApi.Blank(name);
        var problem = name is null ? "name is empty." : TextAttribute.Problem(name, PhonebookLimits.NameLength) is { } p ? "name " + p : null;
        problem ??= TextAttribute.Problem(organisation, PhonebookLimits.NameLength) is { } o ? "organisation " + o : null;
        problem ??= TextAttribute.Problem(note, PhonebookLimits.NoteLength, multiline: true) is { } n ? "note " + n : null;
        number = ContactsApi.Blank(number);
        problem ??= number is not null && numbers.Problem(number) is { } bad ? $"number '{Shorten(number)}' {bad}" : null;
        var parsedLabel = ContactNumber.ParseLabel(label);
        problem ??= parsedLabel is null ? $"label '{Shorten(label!)}' must be {WireName<NumberLabel>.Choices}." : null;
        return new ParsedRow(row, name ?? "", ContactsApi.Blank(organisation), number, number is null || problem is not null ? null : numbers.Normalize(number)!.Value.Digits,
            parsedLabel ?? NumberLabel.Phone, ContactsApi.Blank(note), problem);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The contacts named in the file, tracked, with their numbers: a few queries, not one per row.</summary>
    private async Task<Dictionary<string, List<Contact>>> ExistingContactsAsync(List<ParsedRow> rows, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<Contact>>(StringComparer.Ordinal);
        foreach (var names in rows.Where(r => r.Problem is null).Select(r => r.Name).Distinct().Chunk(2000))
        {
            var contacts = await db.Set<Contact>().Include(c => c.Numbers).Where(c => names.Contains(c.Name)).ToListAsync(cancellationToken);
            foreach (var contact in contacts)
            {
                (found.TryGetValue(contact.Name, out var list) ? list : found[contact.Name] = []).Add(contact);
            }
        }
        return found;
    }

    private List<RowOutcome> Apply(List<ParsedRow> rows, Dictionary<string, List<Contact>> existing)
    {
        var now = time.GetUtcNow();
        var created = new Dictionary<string, Contact>(StringComparer.Ordinal);
        var seen = new Dictionary<(string Name, string Number), int>();
        var outcomes = new List<RowOutcome>(rows.Count);
        foreach (var row in rows)
        {
            outcomes.Add(ApplyRow(row));
        }
        return outcomes;

        RowOutcome ApplyRow(ParsedRow row)
        {
            if (row.Problem is not null)
            {
                return new RowOutcome(row.Row, ImportStatus.Rejected, null, row.Problem);
            }
            if (row.Normalized is not null && seen.TryGetValue((row.Name, row.Normalized), out var first))
            {
                return new RowOutcome(row.Row, ImportStatus.Rejected, null, $"repeats row {first}: {row.Name} has this number once.");
            }
            if (existing.TryGetValue(row.Name, out var namesakes))
            {
                if (namesakes.Count > 1)
                {
                    return new RowOutcome(row.Row, ImportStatus.Rejected, null,
                        $"{namesakes.Count} contacts are named {row.Name}: add this number to the right one in the phonebook.");
                }
            }
            else if (!created.ContainsKey(row.Name))
            {
                created[row.Name] = new Contact { Name = row.Name, UpdatedAt = now };
                db.Add(created[row.Name]);
            }
            var contact = namesakes?[0] ?? created[row.Name];
            var isNew = created.ContainsKey(row.Name);
            if (row.Normalized is not null && contact.Numbers.Count >= PhonebookLimits.NumbersPerContact
                && !contact.Numbers.Exists(n => n.Normalized == row.Normalized))
            {
                return new RowOutcome(row.Row, ImportStatus.Rejected, contact, $"{row.Name} has {PhonebookLimits.NumbersPerContact} numbers, the most a contact may have.");
            }

            var changed = false;
            if (row.Organisation is not null && row.Organisation != contact.Organisation)
            {
                (contact.Organisation, changed) = (row.Organisation, true);
            }
            if (row.Note is not null && row.Note != contact.Note)
            {
                (contact.Note, changed) = (row.Note, true);
            }
            if (row.Normalized is not null)
            {
                seen[(row.Name, row.Normalized)] = row.Row;
                if (contact.Numbers.Find(n => n.Normalized == row.Normalized) is { } number)
                {
                    if (number.Label != row.Label)
                    {
                        (number.Label, changed) = (row.Label, true);
                    }
                }
                else
                {
                    contact.Numbers.Add(new ContactNumber { Number = row.Number!, Normalized = row.Normalized, Label = row.Label });
                    changed = true;
                }
            }
            if (isNew)
            {
                return new RowOutcome(row.Row, ImportStatus.Imported, contact, null);
            }
            if (changed)
            {
                contact.UpdatedAt = now;
            }
            return new RowOutcome(row.Row, changed ? ImportStatus.Updated : ImportStatus.Unchanged, contact, null);
        }
    }

    private static ImportRefusedException TooLarge() => Refused(StatusCodes.Status413PayloadTooLarge, "File too large",
        $"A phonebook file may have at most {MaxBytes / 1024 / 1024} MiB: split it and import the parts.");

    private static ImportRefusedException Refused(int status, string title, string detail) =>
        new(TypedResults.Problem(statusCode: status, title: title, detail: detail));
}
