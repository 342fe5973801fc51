using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Rules;

/// <summary>The answers to newCall as the admin configures them through the API. Runs on SQLite and PostgreSQL.</summary>
public abstract class RulesBehaviour(CtiPushApp app) : IAsyncLifetime
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    public ValueTask InitializeAsync() => new(Admin.ClearRules());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<string> Inbound(string from, Pbx? pbx = null) =>
        Pbx.Ok((pbx ?? Pbx).NewCall(Pbx.NewCallId(), "in", from: from, to: "4930111"));

    private Task<string> Outbound(string to, Pbx? pbx = null) =>
        Pbx.Ok((pbx ?? Pbx).NewCall(Pbx.NewCallId(), "out", from: "4930555", to: to));

    private const string Busy = """{"action":"reject","reason":"busy"}""";

    private static string Dial(string callerId, string number) =>
        $$"""{"action":"dial","callerId":"{{callerId}}","number":"{{number}}","caller_id":"{{callerId}}"}""";

    [Fact]
    public async Task With_no_rules_every_new_call_gets_an_empty_answer()
    {
        Assert.Equal("{}", await Inbound("491715000000"));
        Assert.Equal("{}", await Outbound("491714000000"));
        Assert.Equal("{}", await Inbound("anonymous"));
    }

    [Fact]
    public async Task The_reference_systems_cases_get_the_reference_systems_answers()
    {
        await Admin.Block("491715000000");
        await Admin.Block("1234");
        await Admin.Route("41*", "41715880339000");
        await Admin.Route("491714000000", "41715880339000");
        await Admin.SetDefaultCallerId("4930777000000");

        Assert.Equal(Busy, await Inbound("491715000000"));
        Assert.Equal(Dial("4930777000000", "491715000000"), await Outbound("491715000000")); // outbound is never blocked
        Assert.Equal("{}", await Inbound("12345"));
        Assert.Equal(Dial("41715880339000", "491714000000"), await Outbound("491714000000"));
        Assert.Equal(Dial("41715880339000", "4147110000000"), await Outbound("4147110000000"));
        Assert.Equal(Dial("4930777000000", "4912347114711"), await Outbound("4912347114711"));
    }

    [Theory]
    [InlineData("+49 171 5000000", "491715000000")]
    [InlineData("+49 171 5000000", "+491715000000")]
    [InlineData("+49 171 5000000", "00491715000000")]
    [InlineData("+49 171 5000000", "01715000000")]
    [InlineData("01715000000", "491715000000")]
    [InlineData("0049 171 5000000", "0171 5000000")]
    [InlineData("491715000000", "+49 (0)171 500-0000")]
    [InlineData("0171/5000000", "491715000000")]
    public async Task Numbers_match_as_numbers_whatever_way_they_are_written(string entry, string caller)
    {
        await Admin.Block(entry);
        Assert.Equal(Busy, await Inbound(caller));
    }

    [Fact]
    public async Task A_prefix_matches_longer_numbers_only()
    {
        await Admin.Block("49900*");
        Assert.Equal(Busy, await Inbound("4990012345"));
        Assert.Equal(Busy, await Inbound("0900 12345"));
        Assert.Equal("{}", await Inbound("49900"));
        Assert.Equal("{}", await Inbound("4989000"));
    }

    [Fact]
    public async Task An_exact_block_entry_wins_over_a_prefix_and_a_longer_prefix_over_a_shorter_one()
    {
        await Admin.Block("49*", reason: "busy");
        await Admin.Block("49171*", reason: "rejected");
        var exact = await Admin.Block("491715000000", reason: "busy");

        var why = await Admin.Post("/api/v1/rules/evaluate", new { direction = "in", from = "491715000000" }, 200);
        Assert.Equal($"blocked #{exact.Id()} (491715000000)", why.GetProperty("decidedBy").GetString());
        Assert.Equal("""{"action":"reject","reason":"rejected"}""", await Inbound("491719999999"));
        Assert.Equal(Busy, await Inbound("4930123456"));
    }

    [Fact]
    public async Task An_entry_for_this_pbx_wins_over_one_for_all_with_the_same_number()
    {
        await Admin.Block("491715000000", reason: "busy");
        var mine = await Admin.Block("491715000000", reason: "rejected", source: "main");

        Assert.Equal("""{"action":"reject","reason":"rejected"}""", await Inbound("491715000000"));
        var why = await Admin.Post("/api/v1/rules/evaluate", new { direction = "in", from = "491715000000", source = "main" }, 200);
        Assert.Equal($"blocked #{mine.Id()} (491715000000)", why.GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task A_json_body_in_another_charset_than_utf8_gets_415()
    {
        var content = new StringContent("""{"number":"491715000000"}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=foo");
        using var response = await App.CreateAdminClient().PostAsync("/api/v1/rules/blocked", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Routes_are_checked_in_order_and_the_first_match_wins_also_after_a_move()
    {
        var broad = await Admin.Route("4*", "4911111111");
        var narrow = await Admin.Route("4930*", "4922222222");
        Assert.Equal(Dial("4911111111", "4930123456"), await Outbound("4930123456"));

        await Admin.Put($"/api/v1/rules/routes/{narrow.Id()}", new { destination = "4930*", callerId = "4922222222", position = 1 });

        Assert.Equal(Dial("4922222222", "4930123456"), await Outbound("4930123456"));
        var routes = await Admin.Get("/api/v1/rules/routes");
        Assert.Equal([narrow.Id(), broad.Id()], routes.Ids());
        Assert.Equal([1, 2], routes.EnumerateArray().Select(r => r.GetProperty("position").GetInt32()));
    }

    [Fact]
    public async Task A_route_added_at_a_position_moves_the_others_down_and_a_deleted_one_closes_the_gap()
    {
        var a = (await Admin.Route("41*", "411")).Id();
        var b = (await Admin.Route("42*", "422")).Id();
        var c = (await Admin.Route("43*", "433", position: 1)).Id();
        await Admin.Delete($"/api/v1/rules/routes/{a}");

        var routes = (await Admin.Get("/api/v1/rules/routes")).EnumerateArray().ToList();
        Assert.Equal([c, b], routes.Select(r => r.Id()));
        Assert.Equal([1, 2], routes.Select(r => r.GetProperty("position").GetInt32()));
    }

    [Fact]
    public async Task Disabled_entries_do_not_apply_until_enabled_again()
    {
        var entry = await Admin.Block("491715000000", enabled: false);
        await Admin.Route("41*", "41715880339000", enabled: false);
        Assert.Equal("{}", await Inbound("491715000000"));
        Assert.Equal("{}", await Outbound("4147110000000"));

        await Admin.Put($"/api/v1/rules/blocked/{entry.Id()}", new { number = "491715000000", enabled = true });
        Assert.Equal(Busy, await Inbound("491715000000"));
    }

    [Fact]
    public async Task An_entry_for_one_pbx_does_not_apply_to_another()
    {
        var other = new Pbx(App.CreateClient(), CtiPushApp.OtherToken);
        await Admin.Block("491715000000", source: "other");
        await Admin.Route("41*", "41715880339000", source: "main");

        Assert.Equal("{}", await Inbound("491715000000"));
        Assert.Equal(Busy, await Inbound("491715000000", other));
        Assert.Equal(Dial("41715880339000", "4147110000000"), await Outbound("4147110000000"));
        Assert.Equal("{}", await Outbound("4147110000000", other));
    }

    [Fact]
    public async Task Anonymous_callers_can_be_blocked_by_the_literal_entry_and_other_non_numbers_never_match()
    {
        await Admin.Block("anonymous", reason: "rejected");
        await Admin.Block("0*");
        Assert.Equal("""{"action":"reject","reason":"rejected"}""", await Inbound("anonymous"));
        Assert.Equal("{}", await Inbound("unknown"));
        Assert.Equal("{}", await Inbound("+49-abc"));
    }

    [Fact]
    public async Task A_rule_change_applies_to_the_very_next_new_call()
    {
        var entry = await Admin.Block("491715000000");
        Assert.Equal(Busy, await Inbound("491715000000"));

        await Admin.Delete($"/api/v1/rules/blocked/{entry.Id()}");
        Assert.Equal("{}", await Inbound("491715000000"));
    }

    [Fact]
    public async Task The_decision_is_stored_on_the_call_with_the_original_from_and_the_chosen_caller_id()
    {
        var route = await Admin.Route("4147*", "41715880339000");
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "out", from: "4930555", to: "4147110000000"));

        var call = await App.FindCall(callId);
        Assert.Equal("dial", call!.Decision.Action);
        Assert.Equal("41715880339000", call.Decision.CallerId);
        Assert.Equal($"route #{route.Id()} (4147* → 41715880339000)", call.Decision.Rule);
        Assert.Equal("4930555", call.From);
        Assert.Equal("4147110000000", call.ToNumber);

        await Admin.Block("491715000000");
        var blockedCall = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(blockedCall, "in", from: "+491715000000"));
        var rejected = await App.FindCall(blockedCall);
        Assert.Equal(("reject", "busy"), (rejected!.Decision.Action, rejected.Decision.Reason));
        Assert.Equal("491715000000", rejected.FromNumber);
    }

    [Fact]
    public async Task A_repeated_new_call_gets_the_answer_it_got_first_even_after_the_rules_changed()
    {
        var callId = Pbx.NewCallId();
        var entry = await Admin.Block("491715000000");
        Assert.Equal(Busy, await Pbx.Ok(Pbx.NewCall(callId, "in", from: "491715000000")));

        await Admin.Delete($"/api/v1/rules/blocked/{entry.Id()}");
        Assert.Equal(Busy, await Pbx.Ok(Pbx.NewCall(callId, "in", from: "491715000000")));
    }

    [Theory]
    [InlineData("in", "491715000000", "4930111")]
    [InlineData("in", "0171 5000000", "4930111")]
    [InlineData("in", "4930999", "4930111")]
    [InlineData("out", "4930555", "4147110000000")]
    [InlineData("out", "4930555", "491714000000")]
    [InlineData("out", "4930555", "4912347114711")]
    public async Task Evaluate_gives_the_answer_the_pbx_really_gets_and_names_the_rule(string direction, string from, string to)
    {
        await Admin.Block("491715000000");
        await Admin.Route("41*", "41715880339000");
        await Admin.SetDefaultCallerId("4930777000000");

        var evaluation = await Admin.Post("/api/v1/rules/evaluate", new { direction, from, to, source = "main" }, 200);
        var real = await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), direction, from: from, to: to));

        Assert.Equal(real, evaluation.GetProperty("answer").GetRawText());
        Assert.Equal(real == "{}", evaluation.GetProperty("decidedBy").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("/api/v1/rules/blocked", """{"number":"call me"}""", "number")]
    [InlineData("/api/v1/rules/blocked", """{"number":"491715000000","reason":"maybe"}""", "reason")]
    [InlineData("/api/v1/rules/blocked", """{"number":"491715000000","source":"no-such-pbx"}""", "source")]
    [InlineData("/api/v1/rules/blocked", """{"number":"*"}""", "number")]
    [InlineData("/api/v1/rules/blocked", """{"number":"00*"}""", "number")]
    [InlineData("/api/v1/rules/blocked", """{"number":"491715000000","note":"a\u0000b"}""", "note")]
    [InlineData("/api/v1/rules/routes", """{"destination":"41[0-9]*","callerId":"4930777000000"}""", "destination")]
    [InlineData("/api/v1/rules/routes", """{"destination":"41*","callerId":"49*"}""", "callerId")]
    [InlineData("/api/v1/rules/routes", """{"destination":"41*","callerId":"anonymous"}""", "callerId")]
    [InlineData("/api/v1/rules/routes", """{"destination":"41*","callerId":"411","position":0}""", "position")]
    public async Task An_invalid_rule_is_refused_naming_the_field(string path, string json, string field)
    {
        var problem = await Admin.SendJson(HttpMethod.Post, path, json, 400);

        Assert.NotEmpty(problem.ErrorsOf(field));
    }

    [Theory]
    [InlineData("blocked", """{"number":"call me"}""", "number", "must be a phone number")]
    [InlineData("blocked", """{"number":"491715000000","reason":"maybe"}""", "reason", "busy or rejected")]
    [InlineData("routes", """{"destination":"41[0-9]*","callerId":"4930777000000"}""", "destination", "prefix ending in *")]
    [InlineData("routes", """{"destination":"41*","callerId":"411","position":0}""", "position", "1 or more")]
    public async Task An_invalid_change_to_a_rule_is_refused_naming_the_field_and_the_rule_stays_as_it_was(string kind, string json, string field, string words)
    {
        var rule = kind == "blocked" ? await Admin.Block("491715000000") : await Admin.Route("41*", "41715880339000");

        var problem = await Admin.SendJson(HttpMethod.Put, $"/api/v1/rules/{kind}/{rule.Id()}", json, 400);

        Assert.Contains(words, problem.ErrorsOf(field));
        Assert.Equal(rule.GetRawText(), (await Admin.Get($"/api/v1/rules/{kind}/{rule.Id()}")).GetRawText());
    }

    [Theory]
    [InlineData("PUT", "/api/v1/rules/blocked/987654321", """{"number":"491715000000"}""")]
    [InlineData("DELETE", "/api/v1/rules/blocked/987654321", null)]
    [InlineData("GET", "/api/v1/rules/blocked/987654321", null)]
    [InlineData("PUT", "/api/v1/rules/routes/987654321", """{"destination":"41*","callerId":"411"}""")]
    [InlineData("DELETE", "/api/v1/rules/routes/987654321", null)]
    [InlineData("GET", "/api/v1/rules/routes/987654321", null)]
    public async Task A_rule_that_does_not_exist_gets_404(string method, string path, string? json)
    {
        var problem = json is null
            ? await Admin.Send(new HttpMethod(method), path, null, 404)
            : await Admin.SendJson(new HttpMethod(method), path, json, 404);

        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_route_can_be_read_back_by_its_id_as_it_was_created()
    {
        var created = await Admin.Route("4147*", "41715880339000", source: "main");

        var read = await Admin.Get($"/api/v1/rules/routes/{created.Id()}");

        Assert.Equal(created.GetRawText(), read.GetRawText());
        Assert.Equal(("4147*", "4147*", "41715880339000", 1, "main", true), (read.GetProperty("destination").GetString(), read.GetProperty("pattern").GetString(),
            read.GetProperty("callerId").GetString(), read.GetProperty("position").GetInt32(), read.GetProperty("source").GetString(), read.GetProperty("enabled").GetBoolean()));
    }

    [Fact]
    public async Task The_default_caller_id_reads_back_as_set_normalised_and_as_null_once_cleared()
    {
        Assert.Equal(JsonValueKind.Null, (await Admin.Get("/api/v1/rules/default-caller-id")).GetProperty("callerId").ValueKind);

        await Admin.SetDefaultCallerId("+49 30 777000000");
        Assert.Equal("4930777000000", (await Admin.Get("/api/v1/rules/default-caller-id")).GetProperty("callerId").GetString());

        await Admin.SetDefaultCallerId(null);
        Assert.Equal(JsonValueKind.Null, (await Admin.Get("/api/v1/rules/default-caller-id")).GetProperty("callerId").ValueKind);
    }

    [Theory]
    [InlineData("49*")]
    [InlineData("anonymous")]
    [InlineData("call me")]
    public async Task A_default_caller_id_that_is_not_a_phone_number_is_refused_and_the_old_one_stays(string callerId)
    {
        await Admin.SetDefaultCallerId("4930777000000");

        var problem = await Admin.Put("/api/v1/rules/default-caller-id", new { callerId }, 400);

        Assert.Contains("must be a phone number", problem.ErrorsOf("callerId"));
        Assert.Equal("4930777000000", (await Admin.Get("/api/v1/rules/default-caller-id")).GetProperty("callerId").GetString());
    }

    [Theory]
    [InlineData("""{"from":"491715000000"}""", "direction", "in or out")]
    [InlineData("""{"direction":"sideways","from":"491715000000"}""", "direction", "in or out")]
    [InlineData("""{"direction":"in","from":"491715000000","source":"no-such-pbx"}""", "source", "configured PBX")]
    public async Task Evaluating_a_call_the_rules_cannot_decide_gets_400_naming_the_field(string json, string field, string words)
    {
        var problem = await Admin.SendJson(HttpMethod.Post, "/api/v1/rules/evaluate", json, 400);

        Assert.Contains(words, problem.ErrorsOf(field));
    }

    [Theory]
    [InlineData("POST", "/api/v1/rules/blocked", "")]
    [InlineData("POST", "/api/v1/rules/blocked", "null")]
    [InlineData("POST", "/api/v1/rules/blocked", "{\"number\":")]
    [InlineData("POST", "/api/v1/rules/routes", "{\"destination\":\"41*\",\"callerId\":\"411\",\"position\":\"first\"}")]
    [InlineData("PUT", "/api/v1/rules/default-caller-id", "[]")]
    [InlineData("POST", "/api/v1/rules/evaluate", "{\"direction\":[1]}")]
    public async Task A_body_that_is_not_the_expected_json_gets_400(string method, string path, string body)
    {
        await Admin.SendJson(new HttpMethod(method), path, body, 400);
    }

    [Fact]
    public async Task The_same_caller_cannot_be_blocked_twice_for_the_same_pbx()
    {
        var first = await Admin.Block("+49 171 5000000");
        var duplicate = await Admin.Post("/api/v1/rules/blocked", new { number = "01715000000" }, 400);
        Assert.Contains($"entry {first.Id()}", duplicate.GetProperty("errors").GetProperty("number")[0].GetString());
        await Admin.Block("01715000000", source: "other");
    }

    public static TheoryData<string, string> AdminRoutes() => new()
    {
        { "GET", "/api/v1/rules/blocked" }, { "POST", "/api/v1/rules/blocked" }, { "GET", "/api/v1/rules/blocked/1" },
        { "PUT", "/api/v1/rules/blocked/1" }, { "DELETE", "/api/v1/rules/blocked/1" },
        { "GET", "/api/v1/rules/routes" }, { "POST", "/api/v1/rules/routes" }, { "GET", "/api/v1/rules/routes/1" },
        { "PUT", "/api/v1/rules/routes/1" }, { "DELETE", "/api/v1/rules/routes/1" },
        { "GET", "/api/v1/rules/default-caller-id" }, { "PUT", "/api/v1/rules/default-caller-id" }, { "POST", "/api/v1/rules/evaluate" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_needs_the_admin_key(string method, string path)
    {
        foreach (var key in new[] { null, "wrong-key", CtiPushApp.Token })
        {
            var client = App.CreateClient();
            if (key is not null)
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            }
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_sipgate_pbx_gets_xml_that_asks_for_answer_and_hangup_and_carries_the_decision()
    {
        var sipgate = new Pbx(App.CreateClient(), CtiPushApp.SipgateToken);
        await Admin.Block("491715000000");
        await Admin.Route("41*", "41715880339000");

        using var rejected = await sipgate.NewCall(Pbx.NewCallId(), "in", from: "491715000000");
        Assert.Equal("application/xml", rejected.Content.Headers.ContentType?.MediaType);
        var response = XDocument.Parse(await rejected.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("Response", response.Name.LocalName);
        Assert.EndsWith($"/api/v1/cti/{CtiPushApp.SipgateToken}", response.Attribute("onAnswer")!.Value);
        Assert.Equal(response.Attribute("onAnswer")!.Value, response.Attribute("onHangup")!.Value);
        Assert.Equal("busy", response.Element("Reject")!.Attribute("reason")!.Value);

        var dialled = XDocument.Parse(await Pbx.Ok(sipgate.NewCall(Pbx.NewCallId(), "out", to: "4147110000000"))).Root!;
        Assert.Equal("41715880339000", dialled.Element("Dial")!.Attribute("callerId")!.Value);
        Assert.Equal("4147110000000", dialled.Element("Dial")!.Element("Number")!.Value);

        var plain = XDocument.Parse(await Pbx.Ok(sipgate.NewCall(Pbx.NewCallId(), "in", from: "4930999"))).Root!;
        Assert.Empty(plain.Elements());
        Assert.Empty(XDocument.Parse(await Pbx.Ok(sipgate.Hangup(Pbx.NewCallId()))).Root!.Attributes());
    }

    [Fact]
    public async Task Another_instance_on_the_same_database_picks_up_a_change_without_a_restart()
    {
        await using var twin = App.CreateTwin();
        var twinPbx = new Pbx(twin.CreateClient());
        Assert.Equal("{}", await Pbx.Ok(twinPbx.NewCall(Pbx.NewCallId(), "in", from: "491715000000")));

        await Admin.Block("491715000000");

        // The twin's refresher compares the version once a second; how long it took is shown, not asserted.
        var took = await Eventually.Until(async () => await Pbx.Ok(twinPbx.NewCall(Pbx.NewCallId(), "in", from: "491715000000")) == Busy,
            "the other instance to reject the caller blocked through this one", every: TimeSpan.FromMilliseconds(100));
        Eventually.Report("The block reached the other instance after", took);
    }
}

public sealed class RulesOnSqlite(SqliteApp app) : RulesBehaviour(app), IClassFixture<SqliteApp>;

public sealed class RulesOnPostgres(PostgresApp app) : RulesBehaviour(app), IClassFixture<PostgresApp>;
