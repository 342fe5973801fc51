using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The call backs view as agents work in it: missed calls arrive live, are claimed, noted and resolved; the server's
/// refusals show beside the callback. And the calls view's marks for blocked, mailbox-taken and transferred calls.
/// The browser's clock stands five minutes after the tests' clock began (2026-11-25 09:00 UTC), so ages are known.
/// </summary>
public sealed class CallbacksPageTests : BrowserTest
{
    private readonly DateTimeOffset start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The call backs view's item for the caller <paramref name="e164"/>.</summary>
    private ILocator Callback(string e164, IPage? on = null) => (on ?? Page).Locator($"#callback-list li[data-number=\"{e164}\"]");

    /// <summary>An inbound call from <paramref name="from"/> that nobody answers (as CallbacksBehaviour makes them).</summary>
    private async Task<string> Missed(string from, string extra = "")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", from, "4930111", extra));
        App.Time.Advance(TimeSpan.FromSeconds(20));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        return callId;
    }

    private async Task<JsonElement> CallbackOf(string e164, string state = "open") =>
        (await Admin.Get($"/api/v1/callbacks?state={state}&q={e164}")).GetProperty("items").EnumerateArray().Single();

    private async Task SignInAt(string userName, IPage? on = null)
    {
        var page = on ?? Page;
        await page.Clock.SetFixedTimeAsync(start.AddMinutes(5).UtcDateTime);
        await SignIn(userName, on: page);
    }

    [Fact]
    public async Task An_agent_lands_on_the_call_backs_sees_a_missed_call_arrive_live_claims_it_resolves_it_and_sees_the_next_one()
    {
        var (_, userName) = await Team.Add("agent", displayName: "Erika Mustermann");
        await Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await SignInAt(userName);

        await Assertions.Expect(Tab("callbacks")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Page.Locator("#callbacks")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#calls")).ToBeHiddenAsync();
        await Assertions.Expect(Page.Locator("#callbacks-empty")).ToHaveTextAsync("Nobody to call back.");
        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Call backs");

        // Live: posted by the PBX while the page is open, shown without a reload.
        await Missed("0305550101", "&queue=support");
        var item = Callback("49305550101");
        await Assertions.Expect(item.Locator(".callback-name")).ToHaveTextAsync("unknown");
        await Assertions.Expect(item.Locator(".number")).ToHaveTextAsync("+49 30 5550101");
        await Assertions.Expect(item.Locator(".tel")).ToHaveAttributeAsync("href", "tel:+49305550101");
        await Assertions.Expect(item.Locator("[data-field=attempts]")).ToHaveTextAsync("1");
        await Assertions.Expect(item.Locator("[data-field=age]")).ToHaveTextAsync("5 minutes ago");
        await Assertions.Expect(item.Locator("[data-field=queues]")).ToHaveTextAsync("support");
        await Assertions.Expect(item.Locator("[data-field=claimedBy]")).ToHaveTextAsync("nobody");
        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Call backs (1)");
        await Assertions.Expect(Page.Locator("#callbacks-empty")).ToBeHiddenAsync();

        // The number to the clipboard, as a phone takes it, with a short confirmation.
        await item.Locator(".number").ClickAsync();
        await Assertions.Expect(item.Locator(".copied")).ToHaveTextAsync("Copied +49305550101.");
        Assert.Equal("+49305550101", await Page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await Assertions.Expect(item.Locator(".copied")).ToBeEmptyAsync();

        await item.Locator("button.claim").ClickAsync();
        await Assertions.Expect(item.Locator("[data-field=claimedBy]")).ToHaveTextAsync("Erika Mustermann");
        await Assertions.Expect(item.Locator("button.claim")).ToBeHiddenAsync();
        await Assertions.Expect(item.Locator("button.release")).ToBeVisibleAsync();
        Assert.Equal("Erika Mustermann", (await CallbackOf("49305550101")).GetProperty("claimedBy").GetString());
        await Screenshot("callbacks");

        await item.Locator("select[name=outcome]").SelectOptionAsync("leftMessage");
        await item.Locator("input[name=note]").FillAsync("Asked her to call about the invoice");
        await item.Locator(".resolve button[type=submit]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Call backs");
        await Assertions.Expect(Page.Locator("#callbacks-empty")).ToBeVisibleAsync();
        var resolved = await CallbackOf("49305550101", "resolved");
        Assert.Equal(["leftMessage", "Erika Mustermann"], [resolved.GetProperty("outcome").GetString(), resolved.GetProperty("resolvedBy").GetString()]);
        var note = resolved.GetProperty("notes").EnumerateArray().Last();
        Assert.Equal(["Erika Mustermann", "leftMessage: Asked her to call about the invoice"], [note.GetProperty("author").GetString(), note.GetProperty("text").GetString()]);

        // The next caller, from another number, live too.
        await Missed("00491715550202");
        await Assertions.Expect(Callback("491715550202").Locator(".number")).ToHaveTextAsync("+49 171 5550202");
        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Call backs (1)");
        await Assertions.Expect(Page.Locator("#callback-list li")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_servers_refusals_show_beside_the_callback_and_notes_and_attempts_are_listed_with_their_author()
    {
        await Missed("0305550303");
        await Missed("0305550404");
        var id = (await CallbackOf("49305550303")).Id();
        var (_, jonas) = await Team.Add("agent", displayName: "Jonas Weber");
        var asJonas = (await Team.SignIn(jonas)).Browser;
        (await asJonas.PostAsync($"/api/v1/callbacks/{id}/claim", null)).EnsureSuccessStatusCode();
        var (_, erika) = await Team.Add("agent", displayName: "Erika Mustermann");
        await Admin.Post("/api/v1/contacts", new { name = "Ulla Vogt", numbers = new[] { new { number = "030 5550404", label = "phone" } } });
        await SignInAt(erika);

        // Oldest first: Jonas's callback, then Ulla's (named from the phonebook).
        await Assertions.Expect(Page.Locator("#callback-list li")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator("#callback-list li").First).ToHaveAttributeAsync("data-number", "49305550303");
        var held = Callback("49305550303");
        await Assertions.Expect(held.Locator("[data-field=claimedBy]")).ToHaveTextAsync("Jonas Weber");
        await Assertions.Expect(held.Locator("button.release")).ToBeHiddenAsync(); // not hers to release
        await held.Locator("button.claim").ClickAsync();
        await Assertions.Expect(held.Locator(".error")).ToHaveTextAsync("Jonas Weber has claimed this callback.");

        // Claimed by me: only hers, which is none yet.
        await Page.CheckAsync("#callback-filters input[name=mine]");
        await Assertions.Expect(Page.Locator("#callback-list li")).ToHaveCountAsync(0);
        await Page.UncheckAsync("#callback-filters input[name=mine]");

        var ulla = Callback("49305550404");
        await Assertions.Expect(ulla.Locator(".callback-name")).ToHaveTextAsync("Ulla Vogt");
        await Assertions.Expect(ulla.Locator("[data-field=attempts]")).ToHaveTextAsync("1");
        await ulla.Locator(".resolve button[type=submit]").ClickAsync(); // no outcome chosen: the server's 422
        await Assertions.Expect(ulla.Locator(".error")).ToContainTextAsync("Outcome: is required");
        await Assertions.Expect(ulla.Locator("select[name=outcome]")).ToHaveAttributeAsync("aria-invalid", "true");

        await ulla.Locator("input[name=text]").FillAsync("Wants a quote for 20 seats");
        await ulla.Locator(".add-note button[type=submit]").ClickAsync();
        await Assertions.Expect(ulla.Locator(".error")).ToBeEmptyAsync();
        await Assertions.Expect(ulla.Locator(".notes li")).ToHaveTextAsync("11/25/2026, 09:00:40 AM, Erika Mustermann: Wants a quote for 20 seats");
        await Assertions.Expect(ulla.Locator("input[name=text]")).ToHaveValueAsync("");

        // No answer: an attempt, noted, and the callback stays.
        await ulla.Locator("select[name=outcome]").SelectOptionAsync("noAnswer");
        await ulla.Locator(".resolve button[type=submit]").ClickAsync();
        await Assertions.Expect(ulla.Locator(".notes li")).ToHaveCountAsync(2);
        await Assertions.Expect(ulla.Locator(".notes li").Last).ToContainTextAsync("Erika Mustermann: no answer (stays open)");
        await Assertions.Expect(ulla.Locator("select[name=outcome]")).Not.ToHaveAttributeAsync("aria-invalid", "true");

        // Jonas gives his back, elsewhere: the page follows; then it is hers.
        (await asJonas.PostAsync($"/api/v1/callbacks/{id}/release", null)).EnsureSuccessStatusCode();
        await Assertions.Expect(held.Locator("[data-field=claimedBy]")).ToHaveTextAsync("nobody");
        await held.Locator("button.claim").ClickAsync();
        await Assertions.Expect(held.Locator("[data-field=claimedBy]")).ToHaveTextAsync("Erika Mustermann");
        await Assertions.Expect(held.Locator(".error")).ToBeEmptyAsync();
        await Page.CheckAsync("#callback-filters input[name=mine]");
        await Assertions.Expect(Page.Locator("#callback-list li")).ToHaveCountAsync(1);
        await Assertions.Expect(held).ToBeVisibleAsync();
        await held.Locator("button.release").ClickAsync();
        await Assertions.Expect(Page.Locator("#callback-list li")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_note_half_typed_survives_the_live_reload_that_another_callback_causes()
    {
        await Missed("0305550505");
        var (_, userName) = await Team.Add("agent");
        await SignInAt(userName);
        var item = Callback("49305550505");
        await item.Locator("input[name=text]").FillAsync("Half a thou");

        await Missed("0305550606");
        await Assertions.Expect(Callback("49305550606")).ToBeVisibleAsync();
        await Assertions.Expect(item.Locator("input[name=text]")).ToHaveValueAsync("Half a thou");
        await Assertions.Expect(item.Locator("input[name=text]")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_viewer_reads_the_call_backs_without_buttons_and_lands_on_the_calls()
    {
        await Missed("0305550707");
        var (_, userName) = await Team.Add("viewer");
        await SignInAt(userName);

        await Assertions.Expect(Tab("calls")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Call backs (1)");
        await Tab("callbacks").ClickAsync();
        var item = Callback("49305550707");
        await Assertions.Expect(item.Locator(".number")).ToHaveTextAsync("+49 30 5550707");
        await Assertions.Expect(item.Locator("button.claim, button.release, form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task In_German_the_tab_the_age_and_the_outcomes_are_German_and_at_phone_width_it_fits()
    {
        await Missed("0305550808");
        await Admin.Post("/api/v1/users", new { userName = "erika", displayName = "Erika", role = "agent", language = "de", password = Team.Password });
        await SignInAt("erika");

        await Assertions.Expect(Tab("callbacks")).ToHaveTextAsync("Rückrufe (1)");
        var item = Callback("49305550808");
        await Assertions.Expect(item.Locator(".callback-name")).ToHaveTextAsync("unbekannt");
        await Assertions.Expect(item.Locator("[data-field=age]")).ToHaveTextAsync("vor 5 Minuten");
        await Assertions.Expect(item.Locator("[data-field=claimedBy]")).ToHaveTextAsync("niemandem");
        await Assertions.Expect(item.Locator("select[name=outcome] option[value=leftMessage]")).ToHaveTextAsync("Nachricht hinterlassen");
        await Screenshot("callbacks-de");

        await Page.SetViewportSizeAsync(390, 844); // at phone width, the forms still fit
        var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide");
        await Screenshot("callbacks-phone");
    }

    [Fact]
    public async Task The_calls_view_marks_a_blocked_caller_a_call_the_mailbox_took_and_the_legs_of_a_transfer()
    {
        await Admin.Block("+49 171 5550909");
        var blocked = await Missed("01715550909");
        var mailbox = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(mailbox, "in", "49305551010", "4930111"));
        await Pbx.Ok(Pbx.Answer(mailbox, "VoiceMail"));
        await Pbx.Ok(Pbx.Hangup(mailbox));
        var first = Pbx.NewCallId();
        var second = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(first, "in", "49305551111", "4930111"));
        await Pbx.Ok(Pbx.Hangup(first, "cancel"));
        await Pbx.Ok(Pbx.NewCall(second, "in", "49305551111", "4930222", $"&origCallId={first}"));
        await Pbx.Ok(Pbx.Answer(second, "Erika"));
        await Pbx.Ok(Pbx.Hangup(second));
        var (_, userName) = await Team.Add("agent");
        await SignInAt(userName);
        await Tab("calls").ClickAsync();

        await Assertions.Expect(Row(blocked)).ToHaveClassAsync("blocked");
        await Assertions.Expect(Row(blocked).Locator("[data-field=state]")).ToHaveTextAsync("blocked");
        await Assertions.Expect(Row(mailbox).Locator("[data-field=state]")).ToHaveTextAsync("voicemail");
        await Assertions.Expect(Row(mailbox)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmissed\b")); // no person took it: to call back
        await Assertions.Expect(Row(mailbox)).Not.ToContainTextAsync("answered by");
        await Assertions.Expect(Row(first).Locator("[data-field=state]")).ToHaveTextAsync("ended");
        await Assertions.Expect(Row(first)).ToContainTextAsync("transferred: 2 legs");
        await Assertions.Expect(Row(second)).ToContainTextAsync("answered by Erika");
        await Assertions.Expect(Row(second)).ToContainTextAsync("transferred: 2 legs");
        await Screenshot("call-log-marks");

        // Live, too: a blocked caller rings again.
        var again = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(again, "in", "01715550909", "4930111"));
        await Assertions.Expect(Row(again)).ToHaveClassAsync("blocked");
        await Assertions.Expect(Row(again).Locator("[data-field=state]")).ToHaveTextAsync("blocked");

        // The blocked caller is nobody to call back; the mailbox's is.
        await Tab("callbacks").ClickAsync();
        await Assertions.Expect(Callback("49305551010")).ToBeVisibleAsync();
        await Assertions.Expect(Callback("491715550909")).ToHaveCountAsync(0);
        await Assertions.Expect(Callback("49305551111")).ToHaveCountAsync(0);
    }
}
