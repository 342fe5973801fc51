using System.Net.Http.Headers;
using System.Text;
using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Hardening;

/// <summary>
/// Property: whatever a client posts to the push endpoint — random, crafted, huge, malformed — the answer is 2xx or
/// 4xx, never 5xx, and the log stays consistent. Generated with FsCheck; a failure prints the request that broke it.
/// </summary>
public abstract class HostileInputBehaviour(CtiPushApp app)
{
    public sealed record HostileRequest(string? ContentType, byte[] Body, string Shape)
    {
        public override string ToString() =>
            $"{Shape}: {ContentType ?? "(no content type)"}, {Body.Length} bytes: {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])}";
    }

    private static readonly string[] Names =
        ["event", "event", "callId", "call_id", "direction", "from", "to", "user[]", "user", "queue", "cause", "answeringNumber", "x", "", "%", "event[]", "callId[]"];

    private static Gen<string> Text() => Gen.OneOf(
        Gen.Elements("newCall", "answer", "hangup", "in", "out", "", "anonymous", "493055571600", "normalClearing", "voicemail"),
        Gen.Choose(240, 70_000).Select(n => new string('a', n)),
        Gen.Elements("a\0b", "\u0001", "x\u001Fy", "\uFFFE", "\uFFFF", "line\r\nbreak", "\ud800", "\udfff\ud800", "😀", "ä\u0301", "\u202Eevil"),
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars)));

    private static Gen<string> CallId() => Gen.OneOf(
        Gen.Fresh(() => "h-" + Guid.NewGuid().ToString("N")[..12]),
        Text());

    /// <summary>name=value pairs, percent-encoded or written raw (so %ZZ, a lone % and invalid UTF-8 escapes get through).</summary>
    private static Gen<string> FormBody() =>
        from eventName in Gen.Elements("newCall", "answer", "hangup", "bogus")
        from callId in CallId()
        from extra in Gen.ListOf(Gen.Zip(Gen.Elements(Names), Text()))
        from raw in Gen.Elements(false, true, false)
        from junk in Gen.Elements("", "&&", "&=", "&%ZZ=1", "&a=%", "&a=%C3%28", "&a=%E9", "&=%00", "&user[]=%FF%FE")
        select $"event={eventName}&callId={Escape(callId, raw)}&direction=in&from=1&to=2"
            + string.Concat(extra.Select(pair => $"&{Escape(pair.Item1, raw)}={Escape(pair.Item2, raw)}")) + junk;

    private static string Escape(string text, bool raw) => raw ? text : Uri.EscapeDataString(text.Replace("\ud800", "", StringComparison.Ordinal).Replace("\udfff", "", StringComparison.Ordinal));

    private static Gen<HostileRequest> Requests()
    {
        var form = FormBody().Select(body => new HostileRequest("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(body), "form"));
        var manyUsers = Gen.Constant(new HostileRequest("application/x-www-form-urlencoded",
            Encoding.UTF8.GetBytes("event=newCall&callId=many-users&direction=in&from=1&to=2" + string.Concat(Enumerable.Repeat("&user[]=u", 10_000))), "10,000 user[]"));
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).SelectMany(body =>
            Gen.Elements<string?>(null, "application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=xyz",
                "multipart/form-data", "text/plain", "garbage;;==", "application/json; charset=latin1", "application/x-www-form-urlencoded; charset=utf-16")
            .Select(type => new HostileRequest(type, body, "random bytes")));
        var json = Gen.Elements(
            "[1,2,3]", "42", "\"event\"", "null", "{}", "{\"event\":{\"a\":1}}", "{\"event\":\"newCall\",\"callId\":[[\"x\"]]}",
            "{\"event\":\"newCall\",\"callId\":\"j\\u0000\",\"direction\":\"in\",\"from\":\"1\",\"to\":\"2\"}",
            "{\"event\":\"newCall\",\"callId\":\"json-ok\",\"direction\":\"in\",\"from\":\"1\",\"to\":\"2\",\"x\":\"\\u0000\\ud800\"}",
            string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100),
            "{\"event\":\"newCall\",\"callId\":\"dup\",\"callId\":\"dup2\",\"direction\":\"in\",\"from\":\"1\",\"to\":\"2\"}",
            "{\"event\":\"newCall\"")
            .Select(body => new HostileRequest("application/json", Encoding.UTF8.GetBytes(body), "json"));
        var multipart = FormBody().Select(body =>
        {
            var parts = body.Split('&').Select(pair => pair.Split('=', 2)).Select(p =>
                $"--b0undary\r\nContent-Disposition: form-data; name=\"{p[0]}\"\r\n\r\n{(p.Length > 1 ? p[1] : "")}\r\n");
            return new HostileRequest("multipart/form-data; boundary=b0undary", Encoding.UTF8.GetBytes(string.Concat(parts) + "--b0undary--\r\n"), "multipart");
        });
        var empty = Gen.Elements<string?>(null, "application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=x")
            .Select(type => new HostileRequest(type, [], "empty"));
        return Gen.Frequency((6, form), (1, manyUsers), (3, bytes), (3, json), (2, multipart), (1, empty));
    }

    [Fact]
    public async Task Whatever_is_posted_the_answer_is_never_a_server_error_and_the_log_stays_consistent()
    {
        var client = app.CreateClient();
        var property = Prop.ForAll(Requests().ToArbitrary(), request =>
        {
            using var content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
            using var response = client.PostAsync($"/api/v1/cti/{CtiPushApp.Token}", content).GetAwaiter().GetResult();
            return ((int)response.StatusCode < 500).Label($"{(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);

        // Consistent afterwards: every call has its events, and the admin views read every row.
        var orphans = await app.InDatabase(db => db.Set<Call>().CountAsync(c => !db.Set<CallEvent>().Any(e => e.CallRowId == c.Id)));
        Assert.Equal(0, orphans);
        var admin = app.CreateAdminClient();
        Assert.True((await admin.GetAsync("/api/v1/calls?limit=500")).IsSuccessStatusCode);
        Assert.True((await admin.GetAsync("/api/v1/calls/export.csv")).IsSuccessStatusCode);
        Assert.True((await admin.GetAsync("/api/v1/stats")).IsSuccessStatusCode);
        Assert.Empty(app.Logs.Errors);
    }
}

public sealed class HostileInputOnSqlite(SqliteApp app) : HostileInputBehaviour(app), IClassFixture<SqliteApp>;

public sealed class HostileInputOnPostgres(PostgresApp app) : HostileInputBehaviour(app), IClassFixture<PostgresApp>;
