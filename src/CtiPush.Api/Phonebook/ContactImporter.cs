using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CsvHelper;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Phonebook;

/// <summary>
/// Imports a CSV phonebook: <c>name,organisation,number,label</c> (and optionally <c>note</c>), any separator a
/// spreadsheet writes. Rows with the same name are one contact; a name the phonebook has already adds to that
/// contact. The file is checked as a whole first (its header, at most <see cref="MaxRows"/> rows), then read row
/// by row and stored in batches of <see cref="BatchRows"/>, each in a transaction of its own: the PBXs' events get
/// the database between two batches, and neither the file nor its rows are ever all in memory. An import cut short
/// keeps the batches stored before (<see cref="ImportCutShortException"/> says up to which row); the same file
/// can simply be sent again, as rows already stored come out unchanged.
/// </summary>
public sealed class ContactImporter(CtiPushDbContext db, PhoneNumberNormalizer numbers, ContactDependents dependents, AuditLog audit, TimeProvider time, ILogger<ContactImporter> logger)
{
    public const int MaxRows = 200_000;

    /// <summary>The rows stored in one transaction.</summary>
    public const int BatchRows = 1_000;

    /// <summary>The rejected rows the report lists, the first ones; the count covers them all.</summary>
    public const int ListedRows = 1_000;

    /// <summary>
    /// On SQLite, how long the import holds the one write lock, batch after batch, before it steps aside for
    /// <see cref="SqlitePause"/>. A writer that finds the lock taken (the PBXs' events) tries again every 150 ms
    /// (Microsoft.Data.Sqlite), so it would rarely hit the short gaps between batches: in the pause it gets in, and
    /// an event waits at most about this lease and one batch. PostgreSQL locks rows, and the events never wait.
    /// </summary>
    public static readonly TimeSpan SqliteLease = TimeSpan.FromMilliseconds(250);

    /// <summary>Longer than the 150 ms between a waiting SQLite writer's tries.</summary>
    public static readonly TimeSpan SqlitePause = TimeSpan.FromMilliseconds(200);

    private static readonly string[] Columns = ["name", "organisation", "number", "label", "note"];

    /// <exception cref="ImportCutShortException">The database failed after some batches were stored.</exception>
    public async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(ImportFile file, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["is empty: send a CSV file with the header name,organisation,number,label."] });
        }
        int total;
        try
        {
            total = await CheckAsync(file, cancellationToken);
        }
        catch (ImportRefusedException refused)
        {
            return refused.Problem;
        }

        var started = time.GetTimestamp();
        var import = new Progress(total);
        try
        {
            using var csv = await OpenAsync(file, cancellationToken);
            var columns = ColumnsOf(csv);
            var batch = new List<ParsedRow>(BatchRows);
            while (await csv.ReadAsync(cancellationToken))
            {
                batch.Add(ParseRow((int)csv.RowNumber, Field("name"), Field("organisation"), Field("number"), Field("label"), Field("note")));
                if (batch.Count == BatchRows)
                {
                    await StoreAsync(batch, import, cancellationToken);
                    batch.Clear();
                }
            }
            await StoreAsync(batch, import, cancellationToken);

            string? Field(string column) => columns.TryGetValue(column, out var index) ? SpreadsheetCsv.Unescape(csv.GetString(index)) : null;
        }
        catch (Exception failure)
        {
            logger.LogWarning("Phonebook import cut short after {Stored} of {Rows} rows stored: {Reason}", import.StoredThrough, total, DatabaseFailure.ReasonOf(failure));
            if (import.StoredThrough > 0 && DatabaseFailure.IsUnavailable(failure))
            {
                throw new ImportCutShortException(import.StoredThrough, failure);
            }
            throw;
        }

        var report = import.Report();
        logger.LogInformation("Phonebook import of {Rows} rows in {Elapsed} ms: {Imported} imported, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            total, (int)time.GetElapsedTime(started).TotalMilliseconds, report.Imported, report.Updated, report.Unchanged, report.Rejected);
        return TypedResults.Ok(report);
    }

    /// <summary>A reader of the file from its start, past its header.</summary>
    private static async Task<CsvReader> OpenAsync(ImportFile file, CancellationToken cancellationToken)
    {
        var csv = CsvReader.Create(file.Rewound(), new CsvReaderOptions
        {
            TrimWhitespace = true,
            NormalizeHeaderName = name => name.Trim().ToLowerInvariant(),
            IncludeValuesInExceptions = false, // a row is personal data: it goes into the report, not the log
        }, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            return csv;
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>The file as a whole, before anything is stored: a phonebook's header, and not too many rows.</summary>
    /// <returns>The number of rows.</returns>
    private static async Task<int> CheckAsync(ImportFile file, CancellationToken cancellationToken)
    {
        using var csv = await OpenAsync(file, cancellationToken);
        var columns = ColumnsOf(csv);
        if (!columns.ContainsKey("name") || !columns.ContainsKey("number"))
        {
            throw ImportFile.Refused(StatusCodes.Status422UnprocessableEntity, "Not a phonebook file",
                $"The first line must name the columns: name,organisation,number,label (and optionally note); it names {string.Join(",", csv.Headers.Take(10))}.");
        }
        var rows = 0;
        while (await csv.ReadAsync(cancellationToken))
        {
            if (++rows > MaxRows)
            {
                throw ImportFile.Refused(StatusCodes.Status422UnprocessableEntity, "Too many rows", $"A file may have at most {MaxRows} rows: split it and import the parts.");
            }
        }
        return rows;
    }

    private static Dictionary<string, int> ColumnsOf(CsvReader csv)
    {
        var columns = new Dictionary<string, int>();
        foreach (var column in Columns)
        {
            if (csv.TryGetFieldIndex(column, out var index))
            {
                columns[column] = index;
            }
        }
        return columns;
    }

    private sealed record ParsedRow(int Row, string Name, string? Organisation, string? Number, string? Normalized, NumberLabel Label, string? Note, string? Problem);

    private ParsedRow ParseRow(int row, string? name, string? organisation, string? number, string? label, string? note)
    {
        name = ContactsApi.Blank(name);
        var problem = name is null ? "name is empty." : TextAttribute.Problem(name, PhonebookLimits.NameLength) is { } p ? "name " + p : null;
        problem ??= TextAttribute.Problem(organisation, PhonebookLimits.NameLength) is { } o ? "organisation " + o : null;
        problem ??= TextAttribute.Problem(note, PhonebookLimits.NoteLength, multiline: true) is { } n ? "note " + n : null;
        number = ContactsApi.Blank(number);
        var normalized = numbers.Normalize(number); // once: libphonenumber's parse is most of a row's cost
        problem ??= number is not null && normalized is not { IsPossible: true } && numbers.Problem(number) is { } bad ? $"number '{Shorten(number)}' {bad}" : null;
        var parsedLabel = ContactNumber.ParseLabel(label);
        problem ??= parsedLabel is null ? $"label '{Shorten(label!)}' must be {WireName<NumberLabel>.Choices}." : null;
        return new ParsedRow(row, name ?? "", ContactsApi.Blank(organisation), number, number is null || problem is not null ? null : normalized!.Value.Digits,
            parsedLabel ?? NumberLabel.Phone, ContactsApi.Blank(note), problem);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>
    /// One batch, in a transaction of its own: the contacts its rows name are read, changed and stored, what depends
    /// on them is told (a blocked contact's new number changes the rules), and the change is recorded in the audit list.
    /// </summary>
    private async Task StoreAsync(List<ParsedRow> batch, Progress import, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        if (import.Held >= SqliteLease && db.Database.IsSqlite())
        {
            // Real time, not the service's clock: this is about the driver's retries.
            await Task.Delay(SqlitePause, cancellationToken);
            import.Held = TimeSpan.Zero;
        }
        var (first, last) = (batch[0].Row, batch[^1].Row);
        var outcomes = new List<RowOutcome>(batch.Count);
        var begun = Stopwatch.GetTimestamp();
        var created = new List<Contact>();
        Dictionary<string, long> createdIds;
        await using (var change = await ContactChange.BeginAsync(db, dependents, audit, cancellationToken))
        {
            var existing = await ExistingContactsAsync(batch, cancellationToken);
            outcomes.AddRange(batch.Select(row => Apply(row, existing, created, import)));
            await change.ContactsChangingAsync([.. outcomes.Where(r => r.Status == ImportStatus.Updated).Select(r => r.Contact!.Id).Distinct()]);
            createdIds = await NewContacts.InsertAsync(db, created, cancellationToken);
            await change.CommitAsync("contact.import", $"rows {first}–{last} of {import.Total}", cancellationToken);
        }
        import.Held += Stopwatch.GetElapsedTime(begun);
        db.ChangeTracker.Clear(); // the next batch starts from an empty context: the contacts of this one are not kept
        import.Stored(last, outcomes, createdIds);
    }

    private sealed record RowOutcome(int Row, ImportStatus Status, Contact? Contact, string? Reason);

    /// <summary>The contacts named in the batch, tracked, with their numbers: one query, not one per row.</summary>
    private async Task<Dictionary<string, List<Contact>>> ExistingContactsAsync(List<ParsedRow> rows, CancellationToken cancellationToken)
    {
        var names = rows.Where(r => r.Problem is null).Select(r => r.Name).Distinct().ToList();
        var found = new Dictionary<string, List<Contact>>(StringComparer.Ordinal);
        // One parameter for all the names (a JSON array, or an array on PostgreSQL), not a thousand: SQLite binds each parameter by name.
        foreach (var contact in await db.Set<Contact>().Include(c => c.Numbers).Where(c => EF.Parameter(names).Contains(c.Name)).ToListAsync(cancellationToken))
        {
            (found.TryGetValue(contact.Name, out var list) ? list : found[contact.Name] = []).Add(contact);
        }
        return found;
    }

    /// <summary>What <paramref name="row"/> changes, on the batch's contacts: those read (tracked) and those it creates (<paramref name="created"/>, written by <see cref="NewContacts"/>).</summary>
    private RowOutcome Apply(ParsedRow row, Dictionary<string, List<Contact>> existing, List<Contact> created, Progress import)
    {
        if (row.Problem is not null)
        {
            return new RowOutcome(row.Row, ImportStatus.Rejected, null, row.Problem);
        }
        var pair = row.Normalized is null ? (UInt128?)null : Progress.Key($"{row.Name}\n{row.Normalized}");
        if (pair is { } repeated && import.FirstRowOf(repeated) is { } first)
        {
            return new RowOutcome(row.Row, ImportStatus.Rejected, null, $"repeats row {first}: {row.Name} has this number once.");
        }
        if (existing.TryGetValue(row.Name, out var namesakes) && namesakes.Count > 1)
        {
            return new RowOutcome(row.Row, ImportStatus.Rejected, null,
                $"{namesakes.Count} contacts are named {row.Name}: add this number to the right one in the phonebook.");
        }
        var now = time.GetUtcNow();
        var contact = namesakes?[0];
        if (contact is null)
        {
            contact = new Contact { Name = row.Name, UpdatedAt = now };
            created.Add(contact);
            existing[row.Name] = [contact];
        }
        // A contact this import created, in this batch (no id yet) or an earlier one: its rows are all "imported".
        var isNew = contact.Id == 0 || import.Created(contact.Id);
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
            import.Saw(pair!.Value, row.Row);
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

    /// <summary>
    /// What an import keeps from batch to batch: the counts, the first rejected rows, the ids of the contacts it
    /// created (as runs of consecutive ids: a few per batch), and each name and number it has seen (as a 128-bit
    /// hash, not the text: a large file's names would take tens of megabytes), sized for the file's rows at once.
    /// </summary>
    private sealed class Progress(int total)
    {
        private readonly int[] counts = new int[Enum.GetValues<ImportStatus>().Length];
        private readonly List<ImportRow> listed = [];
        private readonly List<(long First, long Last)> created = [];
        private readonly Dictionary<UInt128, int> seen = new(total);

        public int Total => total;

        /// <summary>The last row of the last batch stored.</summary>
        public int StoredThrough { get; private set; }

        /// <summary>How long the batches held the database since the import last stepped aside (<see cref="SqliteLease"/>).</summary>
        public TimeSpan Held { get; set; }

        public bool Created(long contactId) => created.Exists(run => run.First <= contactId && contactId <= run.Last);

        /// <summary>The row that had this name and number (<c>name\nnumber</c>: names hold no line break) first, if any.</summary>
        public int? FirstRowOf(UInt128 pair) => seen.TryGetValue(pair, out var row) ? row : null;

        public void Saw(UInt128 pair, int row) => seen.TryAdd(pair, row);

        /// <param name="createdIds">The ids of the contacts the batch created, by name (the objects have none: <see cref="NewContacts"/> writes them).</param>
        public void Stored(int lastRow, List<RowOutcome> outcomes, Dictionary<string, long> createdIds)
        {
            StoredThrough = lastRow;
            foreach (var id in createdIds.Values.Order())
            {
                if (created.Count > 0 && created[^1].Last == id - 1)
                {
                    created[^1] = (created[^1].First, id);
                }
                else
                {
                    created.Add((id, id));
                }
            }
            foreach (var outcome in outcomes)
            {
                counts[(int)outcome.Status]++;
                if (outcome.Status == ImportStatus.Rejected && listed.Count < ListedRows)
                {
                    var contactId = outcome.Contact is { Id: 0 } createdHere ? createdIds[createdHere.Name] : outcome.Contact?.Id;
                    listed.Add(new ImportRow(outcome.Row, "rejected", contactId, outcome.Reason));
                }
            }
        }

        public ImportReport Report() => new(counts[(int)ImportStatus.Imported], counts[(int)ImportStatus.Updated],
            counts[(int)ImportStatus.Unchanged], counts[(int)ImportStatus.Rejected], listed);

        /// <summary>The first 128 bits of the text's SHA-256.</summary>
        public static UInt128 Key(string text)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), hash);
            return BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
    }
}
