using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Callbacks;

/// <summary>The callback worklist: filled by missed calls, emptied when the caller is reached. Runs on SQLite and PostgreSQL.</summary>
public abstract class CallbacksBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());
    protected readonly Team Team = new(app);

    /// <summary>A Berlin number of this test's own: +49 30 5xxxxxxx, also written 030 5xxxxxxx and 0049305xxxxxxx.</summary>
    protected readonly string Local = "5" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected string E164 => "4930" + Local;

    /// <summary>An inbound call from <paramref name="from"/> that nobody answers.</summary>
    protected async Task<string> Missed(string from, string extra = "")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", from, "4930111", extra));
        App.Time.Advance(TimeSpan.FromSeconds(20));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        App.Time.Advance(TimeSpan.FromMinutes(1));
        return callId;
    }

    /// <summary>A call answered by <paramref name="user"/>.</summary>
    protected async Task<string> Answered(string direction, string from, string to, string user = "Erika")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction, from, to));
        App.Time.Advance(TimeSpan.FromSeconds(5));
        await Pbx.Ok(Pbx.Answer(callId, user));
        App.Time.Advance(TimeSpan.FromSeconds(30));
        await Pbx.Ok(Pbx.Hangup(callId));
        App.Time.Advance(TimeSpan.FromMinutes(1));
        return callId;
    }

    protected async Task<JsonElement?> CallbackFor(string e164, string state = "open")
    {
        var items = (await Admin.Get($"/api/v1/callbacks?state={state}&q={e164}&limit=500")).GetProperty("items").EnumerateArray().ToList();
        return items.Count == 0 ? null : Assert.Single(items);
    }

    [Fact]
    public async Task Three_missed_calls_from_one_number_written_three_ways_are_one_callback_with_three_attempts()
    {
        var calls = new List<string>
        {
            await Missed("+49 30 " + Local, "&queue=sales"),
            await Missed("030 " + Local, "&queue=support"),
            await Missed("0049 30" + Local, "&queue=sales"),
        };

        var callback = (await CallbackFor(E164))!.Value;
        Assert.Equal(E164, callback.GetProperty("number").GetString());
        Assert.Equal(3, callback.GetProperty("attempts").GetInt32());
        Assert.Equal(["sales", "support"], callback.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(20, callback.GetProperty("longestWaitSeconds").GetInt32());
        var rowIds = new List<long>();
        foreach (var callId in calls)
        {
            rowIds.Add(await Admin.CallRowId(callId));
        }
        Assert.Equal(rowIds.Order(), callback.GetProperty("calls").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal("open", callback.GetProperty("state").GetString());
        Assert.Equal(callback.GetProperty("id").GetInt64(), (await Admin.Get($"/api/v1/callbacks/{callback.Id()}")).Id());
    }

    [Fact]
    public async Task An_answered_outbound_call_to_the_number_in_another_format_resolves_it_and_ticks_its_calls_done()
    {
        var missed = await Missed(E164);
        var reaching = await Answered("out", "21", "030/" + Local, user: "Erika");

        Assert.Null(await CallbackFor(E164));
        var resolved = (await CallbackFor(E164, "resolved"))!.Value;
        Assert.Equal("reached", resolved.GetProperty("outcome").GetString());
        Assert.Equal(await Admin.CallRowId(reaching), resolved.GetProperty("resolvedByCallId").GetInt64());
        Assert.Contains("Erika", resolved.GetProperty("resolvedBy").GetString());
        var call = (await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(missed)}")).GetProperty("call");
        Assert.True(call.GetProperty("done").GetBoolean());
        Assert.True(call.GetProperty("missed").GetBoolean()); // still missed, as a fact; no longer waiting
    }

    [Fact]
    public async Task A_later_inbound_call_from_the_number_that_a_person_answered_resolves_it()
    {
        await Missed(E164);
        await Missed(E164);
        await Answered("in", "0" + "30" + Local, "4930111", user: "Jonas");

        Assert.Null(await CallbackFor(E164));
        Assert.Equal(2, (await CallbackFor(E164, "resolved"))!.Value.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_missed_call_whose_hangup_arrives_after_the_call_that_reached_the_caller_opens_nothing_to_do()
    {
        var missed = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(missed, "in", E164, "4930111"));
        App.Time.Advance(TimeSpan.FromMinutes(1));
        await Answered("out", "21", E164); // reached after the missed call began...
        await Pbx.Ok(Pbx.Hangup(missed, "cancel")); // ...whose hangup comes late

        Assert.Null(await CallbackFor(E164));
        Assert.NotNull(await CallbackFor(E164, "resolved"));
        Assert.True((await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(missed)}")).GetProperty("call").GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task An_outbound_call_taken_by_the_mailbox_does_not_resolve_it()
    {
        await Missed(E164);
        await Answered("out", "21", E164, user: "voicemail");

        Assert.NotNull(await CallbackFor(E164));
    }

    [Fact]
    public async Task A_caller_the_rules_rejected_is_blocked_done_and_not_in_the_worklist()
    {
        var blocked = await Admin.Block(E164);
        try
        {
            var callId = await Missed(E164);
            var call = (await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(callId)}")).GetProperty("call");
            Assert.Equal([true, false, true], [call.GetProperty("blocked").GetBoolean(), call.GetProperty("missed").GetBoolean(), call.GetProperty("done").GetBoolean()]);
            Assert.Null(await CallbackFor(E164));
        }
        finally
        {
            await Admin.Delete($"/api/v1/rules/blocked/{blocked.Id()}");
        }
    }

    [Fact]
    public async Task An_anonymous_caller_is_missed_but_has_no_number_to_call_back()
    {
        var callId = await Missed("anonymous");
        var call = (await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(callId)}")).GetProperty("call");
        Assert.True(call.GetProperty("missed").GetBoolean());
        var open = (await Admin.Get("/api/v1/callbacks?limit=500")).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(open, c => c.GetProperty("calls").EnumerateArray().Any(id => id.GetInt64() == call.Id()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sipgate_transfer_answered_on_its_second_leg_leaves_nothing_missed_in_whichever_order_the_legs_arrive(bool secondLegFirst)
    {
        var first = Pbx.NewCallId();
        var second = Pbx.NewCallId();
        async Task FirstLeg()
        {
            await Pbx.Ok(Pbx.NewCall(first, "in", E164, "4930111"));
            await Pbx.Ok(Pbx.Hangup(first, "cancel"));
        }
        async Task SecondLeg()
        {
            await Pbx.Ok(Pbx.NewCall(second, "in", E164, "4930222", $"&origCallId={first}"));
            await Pbx.Ok(Pbx.Answer(second, "Erika"));
            await Pbx.Ok(Pbx.Hangup(second));
        }
        if (secondLegFirst)
        {
            await SecondLeg();
            await FirstLeg();
        }
        else
        {
            await FirstLeg();
            await SecondLeg();
        }

        var firstRow = await Admin.CallRowId(first);
        var secondRow = await Admin.CallRowId(second);
        var firstCall = (await Admin.Get($"/api/v1/calls/{firstRow}")).GetProperty("call");
        Assert.False(firstCall.GetProperty("missed").GetBoolean());
        Assert.True(firstCall.GetProperty("done").GetBoolean());
        Assert.Equal([secondRow], firstCall.GetProperty("legs").EnumerateArray().Select(l => l.GetInt64()));
        Assert.Equal([firstRow], (await Admin.Get($"/api/v1/calls/{secondRow}")).GetProperty("call").GetProperty("legs").EnumerateArray().Select(l => l.GetInt64()));
        Assert.Null(await CallbackFor(E164));
    }

    [Fact]
    public async Task A_claim_is_one_agents_until_released_admins_may_take_over_and_notes_name_their_author()
    {
        await Missed(E164);
        var id = (await CallbackFor(E164))!.Value.Id();
        var (_, erika) = await Team.Add("agent", displayName: "Erika " + Local);
        var (_, jonas) = await Team.Add("agent", displayName: "Jonas " + Local);
        var asErika = (await Team.SignIn(erika)).Browser;
        var asJonas = (await Team.SignIn(jonas)).Browser;

        var claimed = await asErika.PostAsync($"/api/v1/callbacks/{id}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Contains("Erika " + Local, (await Problems.Expect(asJonas.PostAsync($"/api/v1/callbacks/{id}/claim", null), 409)).Detail());
        var takenOver = await (await App.CreateAdminClient().PostAsync($"/api/v1/callbacks/{id}/claim", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("admin key", takenOver.GetProperty("claimedBy").GetString()); // admins may take over
        await Problems.Expect(asErika.PostAsync($"/api/v1/callbacks/{id}/release", null), 409); // not hers any more
        var released = await (await App.CreateAdminClient().PostAsync($"/api/v1/callbacks/{id}/release", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, released.GetProperty("claimedBy").ValueKind);
        var noted = await (await asJonas.PostAsJsonAsync($"/api/v1/callbacks/{id}/notes", new { text = "Asked for the invoice" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Jonas " + Local, noted.GetProperty("notes").EnumerateArray().Last().GetProperty("author").GetString());
    }

    [Fact]
    public async Task No_answer_keeps_it_open_with_the_attempt_and_a_resolution_by_hand_ticks_its_calls_done()
    {
        var missed = await Missed(E164);
        var id = (await CallbackFor(E164))!.Value.Id();
        var (_, erika) = await Team.Add("agent", displayName: "Erika " + Local);
        var asErika = (await Team.SignIn(erika)).Browser;

        await Problems.Expect(asErika.PostAsJsonAsync($"/api/v1/callbacks/{id}/resolve", new { note = "no outcome" }), 422);
        await Problems.Expect(asErika.PostAsJsonAsync($"/api/v1/callbacks/{id}/resolve", new { outcome = "gaveUp" }), 422);
        await Problems.Expect(asErika.PostAsJsonAsync($"/api/v1/callbacks/{id}/notes", new { text = new string('n', 2001) }), 422);
        await Problems.Expect(asErika.PostAsJsonAsync("/api/v1/callbacks/999999999/notes", new { text = "x" }), 404);

        var stillOpen = await (await asErika.PostAsJsonAsync($"/api/v1/callbacks/{id}/resolve", new { outcome = "noAnswer", note = "rang 10 times" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", stillOpen.GetProperty("state").GetString());
        var note = Assert.Single(stillOpen.GetProperty("notes").EnumerateArray());
        Assert.Equal(["Erika " + Local, "noAnswer: rang 10 times"], [note.GetProperty("author").GetString(), note.GetProperty("text").GetString()]);

        var resolved = await (await asErika.PostAsJsonAsync($"/api/v1/callbacks/{id}/resolve", new { outcome = "leftMessage" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["resolved", "leftMessage", "Erika " + Local],
            [resolved.GetProperty("state").GetString(), resolved.GetProperty("outcome").GetString(), resolved.GetProperty("resolvedBy").GetString()]);
        var call = (await Admin.Get($"/api/v1/calls/{await Admin.CallRowId(missed)}")).GetProperty("call");
        Assert.True(call.GetProperty("done").GetBoolean());
        await Problems.Expect(asErika.PostAsync($"/api/v1/callbacks/{id}/claim", null), 409);
        var audit = (await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "callback.leftMessage" && e.GetProperty("actor").GetString() == "Erika " + Local);
    }

    [Fact]
    public async Task Ticking_all_its_calls_done_resolves_the_callback()
    {
        var one = await Missed(E164);
        var two = await Missed(E164);
        await Admin.Post("/api/v1/calls/done", new { ids = new[] { await Admin.CallRowId(one), await Admin.CallRowId(two) } }, 200);

        Assert.Null(await CallbackFor(E164));
        Assert.NotNull(await CallbackFor(E164, "resolved"));
    }

    [Fact]
    public async Task A_viewer_reads_the_worklist_but_cannot_claim()
    {
        await Missed(E164);
        var id = (await CallbackFor(E164))!.Value.Id();
        var (_, viewer) = await Team.Add("viewer");
        var asViewer = (await Team.SignIn(viewer)).Browser;
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("/api/v1/callbacks")).StatusCode);
        await Problems.Expect(asViewer.PostAsync($"/api/v1/callbacks/{id}/claim", null), 403);
    }
}

public sealed class CallbacksOnSqlite(SqliteApp app) : CallbacksBehaviour(app), IClassFixture<SqliteApp>;

public sealed class CallbacksOnPostgres(PostgresApp app) : CallbacksBehaviour(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Two_agents_claiming_at_once_one_wins_and_the_other_gets_409()
    {
        await Missed(E164);
        var id = (await CallbackFor(E164))!.Value.Id();
        var agents = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            agents.Add((await Team.SignIn((await Team.Add("agent")).UserName)).Browser);
        }

        var answers = await Task.WhenAll(agents.Select(agent => agent.PostAsync($"/api/v1/callbacks/{id}/claim", null)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_missed_call_on_one_instance_is_resolved_by_a_call_answered_on_another()
    {
        await using var other = App.CreateTwin();
        await Missed(E164);
        var elsewhere = new Pbx(other.CreateClient());
        var callId = Pbx.NewCallId();
        other.Time.Advance(App.Time.GetUtcNow() - other.Time.GetUtcNow() + TimeSpan.FromMinutes(1)); // one clock for both
        await Pbx.Ok(elsewhere.NewCall(callId, "out", "21", "0" + "30" + Local));
        await Pbx.Ok(elsewhere.Answer(callId, "Erika"));
        await Pbx.Ok(elsewhere.Hangup(callId));

        Assert.Null(await CallbackFor(E164));
    }
}
