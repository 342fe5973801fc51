using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Infrastructure;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.CallLog;

/// <summary>The caller log for people: the admin API over calls posted by a PBX. Runs on SQLite and PostgreSQL.</summary>
public abstract class CallsApiBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    /// <summary>Each test works in a queue of its own, so the calls of other tests never match.</summary>
    private readonly string queue = "q" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> Call(string direction = "in", string from = "4930111", string to = "4930222",
        string? answeredBy = null, string? cause = "normalClearing", string users = "")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction, from, to, $"&queue={queue}{users}"));
        if (answeredBy is not null)
        {
            await Pbx.Ok(Pbx.Answer(callId, answeredBy));
        }
        if (cause is not null)
        {
            await Pbx.Ok(Pbx.Hangup(callId, cause));
        }
        return callId;
    }

    private async Task<List<string>> CallIds(string filters)
    {
        var page = await Admin.Get($"/api/v1/calls?queue={queue}&{filters}");
        return [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!)];
    }

    [Fact]
    public async Task Each_filter_finds_exactly_its_calls()
    {
        var outbound = await Call("out", "4930111", "+41 44 668 18 00");
        var missed = await Call(cause: "cancel");
        var answered = await Call(from: "4930333", answeredBy: "Alice", users: "&user[]=Alice&user[]=Bob"); // another caller: answering 4930111 would call the missed one back
        var ringing = await Call(from: "anonymous", cause: null, users: "&user[]=Carol");
        var other = new Pbx(App.CreateClient(), CtiPushApp.OtherToken);
        var otherCall = Pbx.NewCallId();
        await Pbx.Ok(other.NewCall(otherCall, extra: $"&queue={queue}"));

        Assert.Equal([outbound], await CallIds("direction=out"));
        Assert.Equal([ringing, answered, missed], await CallIds("direction=in&source=main"));
        Assert.Equal([ringing], await CallIds("state=newCall&source=main"));
        Assert.Equal([otherCall, ringing, missed], await CallIds("done=false"));
        Assert.Equal([otherCall], await CallIds("source=other"));
        Assert.Equal([answered], await CallIds($"callId={answered}"));
        Assert.Equal([outbound], await CallIds("number=0041446681800"));
        Assert.Equal([outbound], await CallIds("number=%2B41%2044%20668%2018%2000"));
        Assert.Equal([ringing], await CallIds("number=anonymous"));
        Assert.Equal([answered], await CallIds("user=Alice"));
        Assert.Equal([answered], await CallIds("user=Bob"));
        Assert.Equal([ringing], await CallIds("user=Carol"));
        Assert.Equal(5, (await CallIds("")).Count);

        var now = App.Time.GetUtcNow();
        App.Time.Advance(TimeSpan.FromMinutes(5));
        var later = await Call("out");
        Assert.Equal([later], await CallIds($"since={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}"));
        Assert.Equal([later], await CallIds($"since={Uri.EscapeDataString(now.AddMinutes(1).ToOffset(TimeSpan.FromHours(1)).ToString("O"))}"));
        Assert.DoesNotContain(later, await CallIds($"until={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}"));
    }

    [Theory]
    [InlineData("/api/v1/calls?queue=%00", "queue", "control characters")]
    [InlineData("/api/v1/calls?user=a%01b", "user", "control characters")]
    [InlineData("/api/v1/calls?limit=0", "limit", "1 to 500")]
    [InlineData("/api/v1/calls?cursor=bm90LWEtY3Vyc29y", "cursor", "not a cursor")]
    [InlineData("/api/v1/calls?direction=sideways", "direction", "in or out")]
    [InlineData("/api/v1/calls?state=ringing", "state", "newCall, answer or hangup")]
    [InlineData("/api/v1/calls/export.csv?direction=sideways", "direction", "in or out")]
    [InlineData("/api/v1/calls/export.csv?state=ringing", "state", "newCall, answer or hangup")]
    public async Task A_filter_the_log_cannot_hold_gets_400_naming_the_filter(string path, string field, string words)
    {
        var problem = await Admin.Get(path, 400);

        Assert.Contains(words, problem.ErrorsOf(field));
    }

    [Fact]
    public async Task Paging_stays_stable_while_new_calls_arrive()
    {
        var first = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            first.Insert(0, await Call());
            App.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var page = await Admin.Get($"/api/v1/calls?queue={queue}&limit=2");
        var seen = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!).ToList();
        for (var i = 0; i < 3; i++)
        {
            await Call(); // arrives while the admin pages
        }
        while (page.GetProperty("next").GetString() is { } next)
        {
            page = await Admin.Get($"/api/v1/calls?queue={queue}&limit=2&cursor={next}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!));
        }

        Assert.Equal(first, seen);
    }

    [Fact]
    public async Task A_call_shows_its_events_in_order_and_every_field_of_the_list()
    {
        var callId = await Call(answeredBy: "Alice", users: "&user[]=Alice");
        var id = await Admin.CallRowId(callId);

        var detail = await Admin.Get($"/api/v1/calls/{id}");

        Assert.Equal(["newCall", "answer", "hangup"], detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(callId, detail.GetProperty("events")[0].GetProperty("fields").GetProperty("callId").GetString());
        var call = detail.GetProperty("call");
        foreach (var field in new[] { "id", "source", "callId", "direction", "state", "from", "to", "fromName", "toName", "queue", "users",
            "answeredBy", "answeringNumber", "cause", "action", "callerId", "startedAt", "answeredAt", "endedAt", "waitingSeconds", "talkingSeconds", "done" })
        {
            Assert.True(call.TryGetProperty(field, out _), field);
        }
        await Admin.Get("/api/v1/calls/987654321", 404);
    }

    [Fact]
    public async Task A_missed_call_can_be_marked_done_and_back_and_the_change_joins_its_history()
    {
        var callId = await Call(cause: "busy");
        var id = await Admin.CallRowId(callId);

        Assert.True((await Admin.Send(HttpMethod.Patch, $"/api/v1/calls/{id}", new { done = true })).GetProperty("done").GetBoolean());
        Assert.Empty(await CallIds("done=false"));
        await Pbx.Ok(Pbx.Hangup(callId, "busy")); // a PBX's retry does not undo the admin's tick
        Assert.Empty(await CallIds("done=false"));
        Assert.Contains("required", (await Admin.Send(HttpMethod.Patch, $"/api/v1/calls/{id}", new { }, 400)).ErrorsOf("done"));
        Assert.False((await Admin.Send(HttpMethod.Patch, $"/api/v1/calls/{id}", new { done = false })).GetProperty("done").GetBoolean());

        var events = (await Admin.Get($"/api/v1/calls/{id}")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString());
        Assert.Equal(["newCall", "hangup", "done", "hangup", "undone"], events);
    }

    [Fact]
    public async Task Marking_calls_done_in_bulk_is_all_or_nothing()
    {
        var ids = new List<long>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var callId = await Call(cause: "cancel");
            ids.Add(await Admin.CallRowId(callId));
        }

        var refused = await Admin.Post("/api/v1/calls/done", new { ids = ids.Append(987654321) }, 404);
        Assert.Equal([987654321], refused.GetProperty("unknownIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(3, (await CallIds("done=false")).Count);

        await Admin.Post("/api/v1/calls/done", new { ids }, 200);
        Assert.Empty(await CallIds("done=false"));
    }

    [Fact]
    public async Task Marking_a_call_done_that_does_not_exist_gets_404()
    {
        var problem = await Admin.Send(HttpMethod.Patch, "/api/v1/calls/987654321", new { done = true }, 404);

        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Marking_no_calls_or_more_than_1000_done_at_once_gets_400_naming_ids(int count)
    {
        var problem = await Admin.Post("/api/v1/calls/done", new { ids = Enumerable.Range(900_000_000, count) }, 400);

        Assert.Contains("must name 1 to 1000 calls", problem.ErrorsOf("ids"));
    }

    [Fact]
    public async Task Marking_1000_calls_done_at_once_is_allowed_and_unknown_ones_are_named()
    {
        var problem = await Admin.Post("/api/v1/calls/done", new { ids = Enumerable.Range(900_000_000, 1000) }, 404);

        Assert.Equal(1000, problem.GetProperty("unknownIds").GetArrayLength());
        Assert.Contains("900000000", problem.Detail());
    }

    [Fact]
    public async Task The_export_is_csv_with_a_header_and_one_row_per_filtered_call()
    {
        var answered = await Call(answeredBy: "Alice", users: "&user[]=Alice&user[]=Bob");
        var missed = await Call(cause: "cancel");
        await Call("out");

        using var response = await App.CreateAdminClient().GetAsync($"/api/v1/calls/export.csv?queue={queue}&direction=in");
        var text = await response.Content.ReadAsStringAsync();
        var rows = SpreadsheetCells.Rows(text);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("\"id\",\"source\",\"callId\",\"direction\",\"state\",\"from\",\"to\",", text); // every field quoted
        Assert.Equal(3, rows.Count);
        var header = rows[0];
        var row = rows.Single(r => r.Contains(answered));
        Assert.Equal("Alice; Bob", row[Array.IndexOf(header, "users")]);
        Assert.Equal("true", row[Array.IndexOf(header, "done")]);
        Assert.Equal("hangup", row[Array.IndexOf(header, "state")]);
        Assert.Equal("false", rows.Single(r => r.Contains(missed))[Array.IndexOf(header, "done")]);
    }

    [Fact]
    public async Task The_export_ends_with_the_normalised_cause_after_the_columns_readers_by_position_already_know()
    {
        var asterisk = await Call(cause: "NOANSWER");
        var protocol = await Call(answeredBy: "Alice", cause: "normalClearing");
        var ringing = await Call(cause: null);

        var rows = SpreadsheetCells.Rows(await App.CreateAdminClient().GetStringAsync($"/api/v1/calls/export.csv?queue={queue}"));

        Assert.Equal(
        [
            "id", "source", "callId", "direction", "state", "from", "to", "fromNumber", "toNumber", "fromName", "toName", "queue",
            "users", "answeredBy", "answeringNumber", "cause", "action", "reason", "callerId", "decidedBy",
            "startedAt", "answeredAt", "endedAt", "waitingSeconds", "talkingSeconds", "done", "normalizedCause",
        ], rows[0]);
        var table = new[] { (asterisk, "NOANSWER", "noAnswer"), (protocol, "normalClearing", "normalClearing"), (ringing, "", "") };
        foreach (var (callId, cause, normalized) in table)
        {
            var row = rows.Single(r => r.Contains(callId));
            Assert.Equal((cause, normalized), (row[15], row[^1]));
        }
    }

    [Fact]
    public async Task No_cell_of_the_export_starts_a_formula_whether_a_spreadsheet_splits_on_commas_or_semicolons()
    {
        const string Queue = "sales;=2+5;=cmd|' /C calc'!A0";
        string[] users = ["-2+3,@SUM(A1)", "\"=1+1\"", "'=kept as written"]; // the push trims each name
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", Uri.EscapeDataString("+49 30 1112223"), "4930222",
            $"&queue={Uri.EscapeDataString(Queue)}" + string.Concat(users.Select(u => "&user[]=" + Uri.EscapeDataString(u)))));

        using var client = App.CreateAdminClient();
        var csv = await client.GetStringAsync($"/api/v1/calls/export.csv?callId={callId}");

        SpreadsheetCells.AssertNoFormula(csv);
        var (header, row) = (SpreadsheetCells.Rows(csv)[0], SpreadsheetCells.Rows(csv)[1]);
        Assert.Equal("sales;'=2+5;'=cmd|' /C calc'!A0", row[Array.IndexOf(header, "queue")]);
        Assert.Equal(Queue, SpreadsheetCsv.Unescape(row[Array.IndexOf(header, "queue")]));
        Assert.Equal(string.Join("; ", users), SpreadsheetCsv.Unescape(row[Array.IndexOf(header, "users")]));
        Assert.Equal("+49 30 1112223", SpreadsheetCsv.Unescape(row[Array.IndexOf(header, "from")]));
    }

    [Fact]
    public async Task The_stream_delivers_a_change_posted_through_the_push_endpoint_and_resumes_after_the_last_event()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var client = App.CreateAdminClient();
        using var stream = await client.GetAsync("/api/v1/calls/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        var callId = await Call(cause: null);
        var (id, call) = await NextCallEvent(reader, callId, timeout.Token);
        Assert.Equal("newCall", call.GetProperty("state").GetString());

        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        using var resumed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls/stream");
        resumed.Headers.Add("Last-Event-ID", id);
        using var again = await client.SendAsync(resumed, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var againReader = new StreamReader(await again.Content.ReadAsStreamAsync(timeout.Token));
        var (_, hungUp) = await NextCallEvent(againReader, callId, timeout.Token);
        Assert.Equal("hangup", hungUp.GetProperty("state").GetString());
    }

    private static async Task<(string Id, JsonElement Call)> NextCallEvent(StreamReader reader, string callId, CancellationToken cancellationToken)
    {
        string? data = null, id = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: "))
            {
                data = line["data: ".Length..];
            }
            else if (line.StartsWith("id: "))
            {
                id = line["id: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                var call = JsonDocument.Parse(data).RootElement;
                if (call.TryGetProperty("callId", out var eventCallId) && eventCallId.GetString() == callId)
                {
                    return (id!, call);
                }
                (data, id) = (null, null);
            }
        }
        throw new InvalidOperationException("The stream ended");
    }

    public static TheoryData<string, string> AdminRoutes() => new()
    {
        { "GET", "/api/v1/calls" }, { "GET", "/api/v1/calls/1" }, { "PATCH", "/api/v1/calls/1" }, { "POST", "/api/v1/calls/done" },
        { "GET", "/api/v1/calls/export.csv" }, { "GET", "/api/v1/calls/stream" }, { "GET", "/api/v1/stats" }, { "GET", "/api/v1/session" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_call_log_route_needs_the_admin_key_or_a_session(string method, string path)
    {
        using var response = await App.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_the_key_gives_an_http_only_strict_session_cookie_and_signing_out_ends_it()
    {
        var browser = App.CreateClient(); // keeps cookies, as a browser does
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/api/v1/session", new { key = "wrong" })).StatusCode);

        using var signIn = await browser.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var csrf = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CtiPushApp.AdminKey, cookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/calls")).StatusCode);
        var session = await browser.GetFromJsonAsync<JsonElement>("/api/v1/session"); // what the page asks on load
        Assert.Equal(["admin key", "admin", csrf], [session.GetProperty("displayName").GetString(), session.GetProperty("role").GetString(), session.GetProperty("csrfToken").GetString()]);

        await Problems.Expect(browser.DeleteAsync("/api/v1/session"), 403); // a change with the cookie needs the session's token
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/session") { Headers = { { "X-CSRF-TOKEN", csrf } } };
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/calls")).StatusCode);
        await Problems.Expect(browser.GetAsync("/api/v1/session"), 401);
    }

    [Fact]
    public async Task A_session_ends_when_the_admin_key_is_changed()
    {
        using var signIn = await App.CreateClient().PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        await using var sameKey = App.CreateTwin();
        await using var newKey = App.CreateTwin();
        newKey.Settings["Admin:ApiKey"] = "a-new-admin-key-after-rotation";

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(sameKey, cookie).GetAsync("/api/v1/calls?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(newKey, cookie).GetAsync("/api/v1/calls?limit=1")).StatusCode);
    }

    [Fact]
    public async Task A_session_opened_on_one_instance_is_valid_on_another_on_the_same_database()
    {
        using var signIn = await App.CreateClient().PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        // Installed elsewhere: another content root, so nothing but the database is shared.
        await using var elsewhere = App.CreateTwin(Directory.CreateTempSubdirectory("ctipush-elsewhere").FullName);

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(elsewhere, cookie).GetAsync("/api/v1/calls?limit=1")).StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_session_cookie_is_secure_even_when_the_request_came_over_plain_http()
    {
        // As behind a proxy that ends TLS and is not trusted for X-Forwarded-Proto: the service sees http.
        var plain = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });
        using var signIn = await plain.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("; secure", Assert.Single(signIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_keys_that_protect_session_cookies_are_stored_encrypted_with_the_certificate()
    {
        using var signIn = await App.CreateClient().PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        var keys = await App.InDatabase(db => db.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>()
            .AsNoTracking().Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedXml", xml, StringComparison.Ordinal); // the decryptor that needs the certificate's private key
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.Ordinal);
        });
    }

    private static HttpClient WithCookie(CtiPushApp app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task Calls_older_than_the_retention_period_are_deleted_with_their_events()
    {
        var old = await Call(answeredBy: "Alice");
        var oldRow = await Admin.CallRowId(old);
        Assert.Equal(3L, await App.EventRowsOf(oldRow));
        App.Time.Advance(TimeSpan.FromDays(366));
        var recent = await Call(answeredBy: "Bob");

        // The service's own hourly run may get there first (the clock just jumped a year); either way the old call goes.
        await App.Services.GetRequiredService<RetentionService>().PurgeAsync(CancellationToken.None);

        Assert.Null(await App.FindCall(old));
        Assert.Equal(0L, await App.EventRowsOf(oldRow)); // the events table itself: no event outlives its call
        Assert.NotNull(await App.FindCall(recent));
        Assert.Equal(3L, await App.EventRowsOf(await Admin.CallRowId(recent)));
    }
}

public sealed class CallsApiOnSqlite(SqliteApp app) : CallsApiBehaviour(app), IClassFixture<SqliteApp>;

public sealed class CallsApiOnPostgres(PostgresApp app) : CallsApiBehaviour(app), IClassFixture<PostgresApp>;
