using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The page in German and English: the account's language, else the browser's, with a pick in one's settings that
/// this browser keeps; dates in the language's form and in the page's time zone (here Europe/Berlin, one hour ahead
/// of UTC in November: the tests' clock stands at 2026-11-25 09:00 UTC, 10:00 in Berlin).
/// </summary>
public sealed class LanguagePageTests : BrowserTest
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["CallLog:TimeZone"] = "Europe/Berlin";

    private Task AddPerson(string userName, string? language, string role = "admin") =>
        Admin.Post("/api/v1/users", new { userName, displayName = userName, role, language, password = Team.Password });

    [Fact]
    public async Task A_person_whose_language_is_German_sees_the_page_in_German_with_German_dates_in_the_pages_time_zone()
    {
        await AddPerson("erika", "de");
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in"));

        await SignIn("erika"); // in a browser whose language is English

        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Anrufe");
        await Assertions.Expect(Tab("stats")).ToHaveTextAsync("Statistik");
        await Assertions.Expect(Tab("phonebook")).ToHaveTextAsync("Telefonbuch");
        await Assertions.Expect(Tab("people")).ToHaveTextAsync("Personen");
        await Assertions.Expect(Tab("settings")).ToHaveTextAsync("Einstellungen");
        await Assertions.Expect(Page.Locator("#signout")).ToHaveTextAsync("Abmelden");
        await Assertions.Expect(Page.Locator("#filters")).ToContainTextAsync("Verpasst, nicht zurückgerufen");
        await Assertions.Expect(Page.Locator("#calls thead")).ToContainTextAsync("Wartezeit");
        await Assertions.Expect(Page).ToHaveTitleAsync("CtiPush — Anrufliste");
        Assert.Equal("de", await Page.GetAttributeAsync("html", "lang"));

        await Assertions.Expect(Page.Locator("#live")).ToHaveTextAsync("live");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("25.11.2026, 10:00:00");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("klingelt");
        await Assertions.Expect(Row(callId).Locator("input[type=checkbox]")).ToHaveAttributeAsync("aria-label", $"Anruf {callId} erledigt");
        App.Time.Advance(TimeSpan.FromSeconds(75));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        await Assertions.Expect(Row(callId)).ToContainTextAsync("verpasst");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("1 min 15 s");
        await Screenshot("call-log-de");

        await BrowserAtServiceTime();
        await Tab("stats").ClickAsync();
        await Assertions.Expect(Page.Locator("#stats-summary")).ToHaveTextAsync("1 angeboten, 0 angenommen, 1 verloren — Annahmequote 0 %, Servicelevel 0 %");
        await Assertions.Expect(Page.Locator("#stats-rows th")).ToHaveTextAsync("Mi., 25.11.");
        Assert.Equal("Verloren", await Page.EvaluateAsync<string>("() => Chart.getChart(document.querySelector('#chart')).legend.legendItems[1].text"));
    }

    [Fact]
    public async Task A_language_picked_in_the_settings_applies_at_once_stays_in_this_browser_and_can_be_given_back_to_the_account()
    {
        await AddPerson("erika", "de", role: "agent");
        await SignIn("erika");
        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Anrufe");

        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#settings-who")).ToHaveTextAsync("Angemeldet als erika (erika), Agent.");
        await Page.Locator("#language-form select").SelectOptionAsync("en");
        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Calls");
        await Assertions.Expect(Page.Locator("#settings-who")).ToHaveTextAsync("Signed in as erika (erika), Agent.");
        await Assertions.Expect(Page.Locator("#tokens-heading")).ToHaveTextAsync("Tokens");
        Assert.Equal("en", await Page.GetAttributeAsync("html", "lang"));

        await Page.ReloadAsync();
        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Calls");
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#language-form select")).ToHaveValueAsync("en");

        // The account (an admin's to change) still says German; another browser follows it.
        var elsewhere = await NewPage("en-US");
        await SignIn("erika", on: elsewhere);
        await Assertions.Expect(Tab("calls", elsewhere)).ToHaveTextAsync("Anrufe");

        await Page.Locator("#language-form select").SelectOptionAsync("");
        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Anrufe");
        await Page.ReloadAsync();
        await Assertions.Expect(Tab("calls")).ToHaveTextAsync("Anrufe");

        await Page.ClickAsync("#signout");
        await Assertions.Expect(Page.Locator("#password-form button[type=submit]")).ToHaveTextAsync("Sign in"); // the browser's language again
    }

    [Fact]
    public async Task Before_signing_in_the_page_speaks_the_browsers_language_and_so_does_it_for_a_person_without_one()
    {
        await AddPerson("max", language: null);
        await AddPerson("mary", "en");
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in"));
        var german = await NewPage("de-DE");

        await german.GotoAsync("/");
        await Assertions.Expect(german.Locator("#password-form button[type=submit]")).ToHaveTextAsync("Anmelden");
        await Assertions.Expect(german.Locator("label[for=user-name]")).ToHaveTextAsync("Benutzername");
        await Assertions.Expect(german.Locator("#key-heading")).ToHaveTextAsync("Oder mit dem Admin-Schlüssel");
        await german.FillAsync("#key", "not-the-key");
        await german.ClickAsync("#signin-form button");
        await Assertions.Expect(german.Locator("#signin-error")).ToHaveTextAsync("Das ist nicht der Admin-Schlüssel.");
        await Screenshot("sign-in-de", german);

        await SignIn("max", on: german);
        await Assertions.Expect(Tab("calls", german)).ToHaveTextAsync("Anrufe");
        await Assertions.Expect(Row(callId, german)).ToContainTextAsync("25.11.2026, 10:00:00");

        await german.ClickAsync("#signout");
        // The sign-out's own request must finish before the next sign-in navigates, or it is cancelled and the session stays.
        await Assertions.Expect(german.Locator("#password-form")).ToBeVisibleAsync();
        await SignIn("mary", on: german);
        await Assertions.Expect(Tab("calls", german)).ToHaveTextAsync("Calls");
        await Assertions.Expect(Row(callId, german)).ToContainTextAsync("11/25/2026, 10:00:00 AM");
    }
}
