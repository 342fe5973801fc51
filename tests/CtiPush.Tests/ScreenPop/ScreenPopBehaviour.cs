using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.ScreenPop;

/// <summary>
/// The screen pop's feed: a call pops up for the person it rings for (their PBX names in <c>user[]</c>), with who is
/// calling, and for nobody else; it turns answered or missed; outbound calls never pop; "all calls" brings every
/// inbound call. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class ScreenPopBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());
    protected readonly Team Team = new(app);

    /// <summary>A Berlin number of this test's own, as the PBX sends it (international digits).</summary>
    private readonly string caller = "49305" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>An agent with one PBX name of their own, signed in as a browser.</summary>
    private async Task<(string PbxName, HttpClient Browser)> Agent(string displayName)
    {
        var pbxName = $"{displayName.Split(' ')[0]}-{Guid.NewGuid():N}"[..16];
        var (_, userName) = await Team.Add("agent", displayName, [pbxName]);
        return (pbxName, (await Team.SignIn(userName)).Browser);
    }

    private Task<string> Rings(string callId, string forUser, string direction = "in", string queue = "support") =>
        Pbx.Ok(Pbx.NewCall(callId, direction, caller, "4930111", $"&queue={queue}&user[]={Uri.EscapeDataString(forUser)}"));

    private static Func<JsonElement, bool> Of(string callId, string? status = null) => pop =>
        pop.GetProperty("callId").GetString() == callId && (status is null || pop.GetProperty("status").GetString() == status);

    private static async Task<List<string>> RingingFor(HttpClient browser) =>
        [.. (await browser.GetFromJsonAsync<JsonElement>("/api/v1/screenpop")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("callId").GetString()!)];

    /// <summary>
    /// Proves <paramref name="callId"/> never reached <paramref name="stream"/>: a call posted after it for the stream's
    /// owner arrives, and changes come in the order they were stored.
    /// </summary>
    private async Task AssertNeverPops(EventStream stream, string ownPbxName, string callId)
    {
        var marker = Pbx.NewCallId();
        await Rings(marker, ownPbxName);
        await stream.Next("pop", Of(marker), "the owner's own call, posted after");
        Assert.DoesNotContain(stream.Of("pop"), pop => Of(callId)(pop));
    }

    [Fact]
    public async Task A_call_ringing_for_an_agent_pops_up_in_their_feed_with_the_phonebook_name_earlier_calls_and_the_open_callback_and_not_in_anothers()
    {
        await Admin.Post("/api/v1/contacts", new { name = "Erika Mustermann", organisation = "ACME GmbH", numbers = new[] { new { number = "+" + caller, label = "phone" } } });
        // One call 31 days ago (too old to count), then two missed in the last days: a callback is open.
        var old = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(old, "in", caller, "4930111"));
        await Pbx.Ok(Pbx.Answer(old, "Someone"));
        await Pbx.Ok(Pbx.Hangup(old));
        App.Time.Advance(TimeSpan.FromDays(31));
        foreach (var missed in new[] { Pbx.NewCallId(), Pbx.NewCallId() })
        {
            await Pbx.Ok(Pbx.NewCall(missed, "in", caller, "4930111"));
            await Pbx.Ok(Pbx.Hangup(missed, "cancel"));
            App.Time.Advance(TimeSpan.FromHours(2));
        }
        var (anna, asAnna) = await Agent("Anna Berg");
        var (bert, asBert) = await Agent("Bert Kahl");
        await using var annas = await EventStream.OpenAsync(asAnna, "/api/v1/screenpop/stream");
        await using var berts = await EventStream.OpenAsync(asBert, "/api/v1/screenpop/stream");

        var callId = Pbx.NewCallId();
        await Rings(callId, anna, queue: "support");

        var pop = await annas.Next("pop", Of(callId), "the call in Anna's feed");
        Assert.Equal("ringing", pop.GetProperty("status").GetString());
        Assert.Equal("Erika Mustermann", pop.GetProperty("name").GetString());
        Assert.Equal("ACME GmbH", pop.GetProperty("organisation").GetString());
        Assert.Equal(caller, pop.GetProperty("fromNumber").GetString());
        Assert.StartsWith("+49 30 5", pop.GetProperty("fromDisplay").GetString());
        Assert.Equal("support", pop.GetProperty("queue").GetString());
        Assert.Equal(2, pop.GetProperty("callsLast30Days").GetInt32());
        Assert.True(pop.GetProperty("callbackOpen").GetBoolean());
        Assert.Equal(await Admin.CallRowId(callId), pop.Id());
        Assert.Equal([callId], await RingingFor(asAnna));

        await AssertNeverPops(berts, bert, callId);
        Assert.DoesNotContain(callId, await RingingFor(asBert));
    }

    [Fact]
    public async Task The_pop_turns_answered_by_the_person_who_took_it_and_a_call_nobody_took_turns_missed()
    {
        var (anna, asAnna) = await Agent("Anna Berg");
        var (bert, _) = await Agent("Bert Kahl");
        await using var annas = await EventStream.OpenAsync(asAnna, "/api/v1/screenpop/stream");

        var taken = Pbx.NewCallId();
        await Rings(taken, anna);
        await annas.Next("pop", Of(taken, "ringing"));
        await Pbx.Ok(Pbx.Answer(taken, bert));
        var answered = await annas.Next("pop", Of(taken, "answered"), "the call answered in Anna's feed");
        Assert.Equal(bert, answered.GetProperty("answeredBy").GetString());
        Assert.Equal("Bert Kahl", answered.GetProperty("answeredByName").GetString());
        await Pbx.Ok(Pbx.Hangup(taken));
        await annas.Next("pop", p => Of(taken, "answered")(p) && p.GetProperty("state").GetString() == "hangup", "the answered call's end");
        Assert.Empty(await RingingFor(asAnna));

        var nobody = Pbx.NewCallId();
        await Rings(nobody, anna);
        await annas.Next("pop", Of(nobody, "ringing"));
        await Pbx.Ok(Pbx.Hangup(nobody, "cancel"));
        var missed = await annas.Next("pop", Of(nobody, "missed"), "the missed call in Anna's feed");
        Assert.True(missed.GetProperty("callbackOpen").GetBoolean()); // the worklist opened one in the same transaction
        Assert.Equal(1, missed.GetProperty("callsLast30Days").GetInt32()); // the answered one before
    }

    [Fact]
    public async Task An_outbound_call_does_not_pop_even_for_the_person_who_makes_it()
    {
        var (anna, asAnna) = await Agent("Anna Berg");
        await using var annas = await EventStream.OpenAsync(asAnna, "/api/v1/screenpop/stream");

        var outbound = Pbx.NewCallId();
        await Rings(outbound, anna, direction: "out");

        await AssertNeverPops(annas, anna, outbound);
        Assert.DoesNotContain(outbound, await RingingFor(asAnna));
    }

    [Fact]
    public async Task Choosing_all_calls_brings_every_inbound_call_at_once_is_audited_and_choosing_mine_again_narrows_it()
    {
        var (bert, asBert) = await Agent("Bert Kahl");
        var admin = new AdminApi(asBert);
        Assert.False((await admin.Get("/api/v1/me/screenpop")).GetProperty("allCalls").GetBoolean());
        await using var berts = await EventStream.OpenAsync(asBert, "/api/v1/screenpop/stream");

        Assert.True((await admin.Put("/api/v1/me/screenpop", new { allCalls = true })).GetProperty("allCalls").GetBoolean());
        var someoneElses = Pbx.NewCallId();
        await Rings(someoneElses, "nobody-we-know");
        var noUser = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(noUser, "in", caller, "4930111"));
        var outbound = Pbx.NewCallId();
        await Rings(outbound, "nobody-we-know", direction: "out");

        await berts.Next("pop", Of(someoneElses), "another's call in Bert's feed, with all calls");
        await berts.Next("pop", Of(noUser), "a call for no one in Bert's feed");
        Assert.True((await admin.Get("/api/v1/me/screenpop")).GetProperty("allCalls").GetBoolean());
        Assert.Contains(someoneElses, await RingingFor(asBert));
        await AssertNeverPops(berts, bert, outbound);

        // Setting it again changes nothing and records nothing; each change is on the audit list, with who made it.
        await admin.Put("/api/v1/me/screenpop", new { allCalls = true });
        await admin.Put("/api/v1/me/screenpop", new { allCalls = false });
        var audit = (await Admin.Get("/api/v1/audit?limit=50")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "screenpop.update" && e.GetProperty("actor").GetString() == "Bert Kahl")
            .Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.Equal(["screen pop: my calls", "screen pop: all inbound calls"], audit);

        var later = Pbx.NewCallId();
        await Rings(later, "nobody-we-know");
        await AssertNeverPops(berts, bert, later);
    }

    [Fact]
    public async Task A_person_who_chose_all_calls_can_be_deleted_and_their_setting_goes_with_them()
    {
        var (id, userName) = await Team.Add("agent", "Carla Dietz", [$"carla-{Guid.NewGuid():N}"[..16]]);
        await new AdminApi((await Team.SignIn(userName)).Browser).Put("/api/v1/me/screenpop", new { allCalls = true });

        await Admin.Delete($"/api/v1/users/{id}");

        Assert.Equal(0, await App.InDatabase(db => db.Set<CtiPush.ScreenPop.ScreenPopSetting>().CountAsync(s => s.PersonId == id)));
    }

    [Fact]
    public async Task The_setting_needs_true_or_false_and_the_admin_key_has_no_screen_pop()
    {
        var (_, asAnna) = await Agent("Anna Berg");
        await new AdminApi(asAnna).Put("/api/v1/me/screenpop", new { }, 422);
        await Admin.Get("/api/v1/me/screenpop", 403);
        await Admin.Get("/api/v1/screenpop", 403);
        await Admin.Get("/api/v1/screenpop/stream", 403);
    }
}

public sealed class ScreenPopOnSqlite(SqliteApp app) : ScreenPopBehaviour(app), IClassFixture<SqliteApp>;

public sealed class ScreenPopOnPostgres(PostgresApp app) : ScreenPopBehaviour(app), IClassFixture<PostgresApp>;
