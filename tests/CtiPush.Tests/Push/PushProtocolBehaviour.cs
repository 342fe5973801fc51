using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Push;
using CtiPush.Tests.Infrastructure;
using CtiPush.Core;

namespace CtiPush.Tests.Push;

/// <summary>What the push endpoint accepts, what it refuses and how; refused posts store nothing.</summary>
public abstract class PushProtocolBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());

    private static readonly string LongCallId = new('x', 251);

    public static TheoryData<string, string, string> InvalidEvents() => new()
    {
        // body, the field named in errors, a word the message must contain
        { "callId=c1&direction=in&from=1&to=2", "event", "required" },
        { "event=ringing&callId=c1&direction=in&from=1&to=2", "event", "newCall" },
        { "event=newCall&event=hangup&callId=c1&direction=in&from=1&to=2", "event", "once" },
        { "event=newCall&direction=in&from=1&to=2", "callId", "required" },
        { "event=hangup&callId=", "callId", "required" },
        { $"event=newCall&callId={LongCallId}&direction=in&from=1&to=2", "callId", "250" },
        { $"event=hangup&call_id={LongCallId}", "call_id", "250" },
        { "event=newCall&callId=c1&from=1&to=2", "direction", "required" },
        { "event=newCall&callId=c1&direction=inbound&from=1&to=2", "direction", "in or out" },
        { "event=hangup&callId=c1&direction=sideways", "direction", "in or out" },
        { "event=newCall&callId=c1&direction=in&to=2", "from", "required" },
        { "event=newCall&callId=c1&direction=in&from=1", "to", "required" },
        { $"event=newCall&callId=c1&direction=in&from={new string('1', 101)}&to=2", "from", "100" },
        { $"event=newCall&callId=c1&direction=in&from=1&to={new string('2', 101)}", "to", "100" },
        { $"event=newCall&callId=c1&direction=in&from=1&to=2&queue={new string('q', 251)}", "queue", "250" },
        { $"event=newCall&callId=c1&direction=in&from=1&to=2&user[]=Alice&user[]={new string('u', 251)}", "user[]", "250" },
        { $"event=answer&callId=c1&user={new string('u', 251)}", "user", "250" },
        { "event=answer&callId=c1&user[]=Alice&user[]=Bob", "user", "one user" },
        { $"event=hangup&callId=c1&cause={new string('c', 101)}", "cause", "100" },
        { $"event=hangup&callId=c1&answeringNumber={new string('9', 101)}", "answeringNumber", "100" },
        { "event=newCall&callId=c1%00&direction=in&from=1&to=2", "callId", "control" },
        { "event=newCall&callId=c1&direction=in&from=1%0A2&to=2", "from", "control" },
        { "event=newCall&callId=c1&direction=in&from=1&to=2%EF%BF%BF", "to", "control" },
        { "event=newCall&callId=c1&direction=in&from=1&to=2" + string.Concat(Enumerable.Range(0, PushEventBinder.MaxUsers + 1).Select(i => $"&user[]=u{i}")), "user[]", "at most" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task An_invalid_event_is_refused_with_422_naming_the_field_and_nothing_is_stored(string body, string field, string word)
    {
        var (calls, events) = (await App.CountCalls(), await App.CountEvents());

        var problem = await Problems.Expect(Pbx.Post(body), 422);

        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(word, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(field, problem.GetProperty("error").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal((calls, events), (await App.CountCalls(), await App.CountEvents()));
    }

    [Fact]
    public async Task Several_problems_are_all_named_at_once()
    {
        var problem = await Problems.Expect(Pbx.Post("event=newCall&direction=up"), 422);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["callId", "direction", "from", "to"], fields);
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData("main-pbx-token-012345678")] // one character short
    [InlineData("MAIN-PBX-TOKEN-0123456789")]
    public async Task A_wrong_token_gets_401_and_nothing_is_stored(string token)
    {
        var calls = await App.CountCalls();
        var problem = await Problems.Expect(Pbx.Post("event=newCall&callId=c401&direction=in&from=1&to=2", token), 401);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
        Assert.Equal(calls, await App.CountCalls());
    }

    [Theory]
    [InlineData("/api/v1/cti")]
    [InlineData("/api/v1/cti/")]
    public async Task A_missing_token_gets_401(string path)
    {
        using var response = await App.CreateClient().PostAsync(path, Form.UrlEncoded("event=newCall&callId=c401&direction=in&from=1&to=2"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await App.FindCall("c401"));
    }

    [Fact]
    public async Task A_body_over_64_KiB_gets_413_and_nothing_is_stored()
    {
        var callId = Pbx.NewCallId();
        var body = $"event=newCall&callId={callId}&direction=in&from=1&to=2&padding={new string('p', 64 * 1024)}";

        var problem = await Problems.Expect(Pbx.Post(body), 413);

        Assert.Contains("64 KiB", problem.GetProperty("error").GetString());
        Assert.Null(await App.FindCall(callId));
    }

    [Fact]
    public async Task A_body_just_under_64_KiB_is_accepted()
    {
        var callId = Pbx.NewCallId();
        var head = $"event=newCall&callId={callId}&direction=in&from=1&to=2&padding=";
        await Pbx.Ok(Pbx.Post(head + new string('p', 64 * 1024 - head.Length)));
        Assert.NotNull(await App.FindCall(callId));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("json")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_content_type_the_protocol_does_not_use_gets_415(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"event":"newCall"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        await Problems.Expect(Pbx.Post(content), 415);
    }

    /// <summary>A newCall as multipart/form-data with a boundary of <paramref name="length"/> characters.</summary>
    private static HttpContent MultipartNewCall(string callId, int length) => Form.Multipart(new string('b', length),
        ("event", "newCall"), ("callId", callId), ("direction", "in"), ("from", "4930111"), ("to", "4930222"));

    /// <summary>RFC 2046 allows boundaries of 1 to 70 characters: both sides of the limit, and far beyond it.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(70)]
    public async Task A_multipart_boundary_of_up_to_70_characters_is_accepted(int length)
    {
        var callId = Pbx.NewCallId();

        await Pbx.Ok(Pbx.Post(MultipartNewCall(callId, length)));

        Assert.NotNull(await App.FindCall(callId));
    }

    [Theory]
    [InlineData(71)]
    [InlineData(4000)]
    public async Task A_multipart_boundary_longer_than_the_rfc_allows_gets_422_and_nothing_is_stored(int length)
    {
        var callId = Pbx.NewCallId();

        var problem = await Problems.Expect(Pbx.Post(MultipartNewCall(callId, length)), 422);

        Assert.Contains("multipart/form-data", problem.Detail());
        Assert.Null(await App.FindCall(callId));
    }

    [Fact]
    public async Task A_json_object_with_the_form_names_is_accepted_with_user_as_string_or_array()
    {
        var callId = Pbx.NewCallId();
        var newCall = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["event"] = "newCall", ["callId"] = callId, ["direction"] = "in", ["from"] = 493055571600, ["to"] = "491711234567890",
            ["user[]"] = new[] { "Alice", "Bob" }, ["user"] = "Carol", ["queue"] = "support",
        });
        Assert.Equal("{}", await Pbx.Ok(Pbx.Post(new StringContent(newCall, Encoding.UTF8, "application/json"))));
        var answer = JsonSerializer.Serialize(new { @event = "answer", callId, user = new[] { "Bob" } });
        await Pbx.Ok(Pbx.Post(new StringContent(answer, Encoding.UTF8, "application/json")));

        var call = await App.FindCall(callId);
        Assert.Equal(["Alice", "Bob", "Carol"], call!.Users);
        Assert.Equal("493055571600", call.From);
        Assert.Equal("Bob", call.AnsweredBy);
        Assert.Equal(CallState.Answer, call.State);
    }

    [Theory]
    [InlineData("[\"event\", \"newCall\"]")]
    [InlineData("{\"event\": \"newCall\", \"callId\": {\"nested\": 1}}")]
    [InlineData("{\"event\": \"newCall\", \"callId\": ")]
    [InlineData("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":1}}}}}}}}}}")]
    [InlineData("")]
    public async Task Json_that_is_not_an_object_of_strings_gets_422(string json)
    {
        await Problems.Expect(Pbx.Post(new StringContent(json, Encoding.UTF8, "application/json")), 422);
    }

    [Fact]
    public async Task A_post_with_more_fields_than_any_pbx_sends_gets_422()
    {
        var fields = Enumerable.Range(0, PushFields.MaxFields + 1).ToDictionary(i => $"f{i}", i => "1");
        fields["event"] = "hangup";
        fields["callId"] = Pbx.NewCallId();
        await Problems.Expect(Pbx.Post(new StringContent(JsonSerializer.Serialize(fields), Encoding.UTF8, "application/json")), 422);
        Assert.Null(await App.FindCall(fields["callId"]));
    }

    [Fact]
    public async Task A_multipart_form_is_accepted_like_a_urlencoded_one()
    {
        var callId = Pbx.NewCallId();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("newCall"), "event" },
            { new StringContent(callId), "callId" },
            { new StringContent("out"), "direction" },
            { new StringContent("4930111"), "from" },
            { new StringContent("4930222"), "to" },
            { new StringContent("Alice"), "user[]" },
            { new StringContent("Bob"), "user[]" },
        };
        await Pbx.Ok(Pbx.Post(form));

        var call = await App.FindCall(callId);
        Assert.Equal(CallDirection.Out, call!.Direction);
        Assert.Equal(["Alice", "Bob"], call.Users);
    }

    [Theory]
    [InlineData("&event=newCall&callId={0}&direction=in&from=1&to=2")]
    [InlineData("event=newCall&&callId={0}&direction=in&from=1&to=2&")]
    [InlineData("event=newCall&callId={0}&flag&direction=in&=x&from=1&to=2")]
    public async Task Empty_pairs_in_a_form_do_not_hide_the_fields_around_them(string form)
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.Post(string.Format(form, callId)));
        Assert.NotNull(await App.FindCall(callId));
    }

    [Fact]
    public async Task A_post_without_content_type_is_read_as_a_form()
    {
        var callId = Pbx.NewCallId();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"event=newCall&callId={callId}&direction=in&from=1&to=2"));
        await Pbx.Ok(Pbx.Post(content));
        Assert.NotNull(await App.FindCall(callId));
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:8443")]
    public async Task A_sipgate_answer_points_at_the_configured_public_url_whatever_host_the_request_names(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cti/{CtiPushApp.SipgateToken}")
        {
            Content = Form.UrlEncoded(Pbx.NewCallBody(Pbx.NewCallId())),
        };
        request.Headers.Host = host;
        request.Headers.Add("X-Forwarded-Host", host);
        request.Headers.Add("X-Forwarded-Proto", "gopher");
        using var response = await App.CreateClient().SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("attacker", answer);
        Assert.DoesNotContain("gopher", answer);
        var root = System.Xml.Linq.XDocument.Parse(answer).Root!;
        Assert.Equal($"{CtiPushApp.PublicBaseUrl}/api/v1/cti/{CtiPushApp.SipgateToken}", root.Attribute("onAnswer")!.Value);
        Assert.Equal(root.Attribute("onAnswer")!.Value, root.Attribute("onHangup")!.Value);
    }

    [Fact]
    public async Task Answers_are_json()
    {
        using var response = await Pbx.NewCall(Pbx.NewCallId());
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
    }
}

public sealed class PushProtocolOnSqlite(SqliteApp app) : PushProtocolBehaviour(app), IClassFixture<SqliteApp>;

public sealed class PushProtocolOnPostgres(PostgresApp app) : PushProtocolBehaviour(app), IClassFixture<PostgresApp>;
