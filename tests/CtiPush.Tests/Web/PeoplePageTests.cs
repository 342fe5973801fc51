using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The page as people use it: signed in by password, showing what their role may use; the People view for admins;
/// personal tokens in one's settings; "My calls". In English (the browser's language, no language on the accounts).
/// </summary>
public sealed class PeoplePageTests : BrowserTest
{
    [Fact]
    public async Task An_agent_signs_in_with_a_password_lands_on_the_call_backs_and_sees_calls_with_done_boxes_and_the_phonebook_but_no_people_tab()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in"));
        var (_, userName) = await Team.Add("agent", displayName: "Erika Mustermann");

        await Page.GotoAsync("/");
        await Page.FillAsync("#user-name", userName);
        await Page.FillAsync("#password", "not-the-password-1");
        await Page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(Page.Locator("#signin-error")).ToHaveTextAsync("Wrong user name or password.");
        await SignIn(userName);

        await Assertions.Expect(Page.Locator("#who")).ToHaveTextAsync("Erika Mustermann");
        foreach (var view in new[] { "callbacks", "calls", "stats", "phonebook", "settings" })
        {
            await Assertions.Expect(Tab(view)).ToBeVisibleAsync();
        }
        await Assertions.Expect(Tab("people")).ToBeHiddenAsync();
        await Assertions.Expect(Tab("callbacks")).ToHaveAttributeAsync("aria-pressed", "true"); // an agent's first view: the work
        await Tab("calls").ClickAsync();
        await Assertions.Expect(Page.Locator("#mark-all")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#mine-filter")).ToBeVisibleAsync();

        // Needs the calls routes open to agents (the role mapping on main): on an admin-only route the list is a 403.
        await Assertions.Expect(Row(callId).Locator("input[type=checkbox]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#live")).ToHaveTextAsync("live");
    }

    [Fact]
    public async Task A_viewer_sees_the_calls_without_done_boxes_or_mark_all_and_neither_phonebook_nor_people()
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in"));
        var (_, userName) = await Team.Add("viewer");

        await SignIn(userName);

        await Assertions.Expect(Tab("calls")).ToBeVisibleAsync();
        await Assertions.Expect(Tab("stats")).ToBeVisibleAsync();
        await Assertions.Expect(Tab("settings")).ToBeVisibleAsync();
        await Assertions.Expect(Tab("phonebook")).ToBeHiddenAsync();
        await Assertions.Expect(Tab("people")).ToBeHiddenAsync();
        await Assertions.Expect(Page.Locator("#mark-all")).ToBeHiddenAsync();
        await Assertions.Expect(Page.Locator("#calls th[data-needs=agent]")).ToBeHiddenAsync();

        // Needs the calls routes open to viewers (the role mapping on main): on an admin-only route the list is a 403.
        await Assertions.Expect(Row(callId)).ToContainTextAsync("ringing");
        await Assertions.Expect(Page.Locator("#rows input[type=checkbox]")).ToHaveCountAsync(0);
        await Screenshot("call-log-viewer");
    }

    [Fact]
    public async Task An_admin_creates_a_person_in_the_people_view_and_sees_the_servers_problems_beside_the_form()
    {
        var (_, adminName) = await Team.Add("admin");
        await Team.Add("agent", pbxNames: ["Bob"]);
        await SignIn(adminName);

        await Tab("people").ClickAsync();
        await Assertions.Expect(Page.Locator($"#person-rows tr[data-user-name=\"{adminName}\"]")).ToBeVisibleAsync();
        await Page.ClickAsync("#new-person");
        var form = Page.Locator("#person-form");
        await form.Locator("input[name=userName]").FillAsync("erika");
        await form.Locator("input[name=displayName]").FillAsync("Erika Mustermann");
        await form.Locator("input[name=email]").FillAsync("erika@example.com");
        await form.Locator("select[name=role]").SelectOptionAsync("viewer");
        await form.Locator("select[name=language]").SelectOptionAsync("de");
        await form.Locator("textarea[name=pbxNames]").FillAsync("Erika, 201\n202\n");
        await form.Locator("input[name=password]").FillAsync("short");
        await form.Locator("button[type=submit]").ClickAsync();

        // 422: the password's reasons, under the field's own label, and the field marked.
        await Assertions.Expect(Page.Locator("#person-error")).ToContainTextAsync("First password");
        await Assertions.Expect(Page.Locator("#person-error")).ToContainTextAsync("at least 10 characters");
        await Assertions.Expect(form.Locator("input[name=password]")).ToHaveAttributeAsync("aria-invalid", "true");

        // 409: a PBX name someone else has.
        await form.Locator("input[name=password]").FillAsync(Team.Password);
        await form.Locator("textarea[name=pbxNames]").FillAsync("Erika, 201\nbob");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Page.Locator("#person-error")).ToContainTextAsync("The PBX name 'Bob' belongs to");

        await form.Locator("textarea[name=pbxNames]").FillAsync("Erika, 201\n202\n");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form).ToBeHiddenAsync();
        var row = Page.Locator("#person-rows tr[data-user-name=erika]");
        await Assertions.Expect(row).ToContainTextAsync("Erika Mustermann");
        await Assertions.Expect(row).ToContainTextAsync("Viewer");
        await Assertions.Expect(row).ToContainTextAsync("Deutsch");
        await Assertions.Expect(row).ToContainTextAsync("Erika, 201, 202");
        await Screenshot("people");

        var stored = (await Admin.Get("/api/v1/users")).EnumerateArray().Single(p => p.GetProperty("userName").GetString() == "erika");
        Assert.Equal("Erika Mustermann", stored.GetProperty("displayName").GetString());
        Assert.Equal("erika@example.com", stored.GetProperty("email").GetString());
        Assert.Equal("viewer", stored.GetProperty("role").GetString());
        Assert.Equal("de", stored.GetProperty("language").GetString());
        Assert.Equal(["Erika", "201", "202"], stored.GetProperty("pbxNames").EnumerateArray().Select(n => n.GetString()));
        Assert.True(stored.GetProperty("enabled").GetBoolean());
        await Team.SignIn("erika"); // with the first password the form gave

        // The same user name again: 409, said beside the form.
        await Page.ClickAsync("#new-person");
        await form.Locator("input[name=userName]").FillAsync("ERIKA");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Page.Locator("#person-error")).ToHaveTextAsync("The user name 'ERIKA' is taken.");
    }

    [Fact]
    public async Task An_admin_edits_disables_enables_and_deletes_a_person_and_cannot_disable_the_last_admin()
    {
        var (_, adminName) = await Team.Add("admin");
        var (id, agentName) = await Team.Add("agent", displayName: "Max", pbxNames: ["Max"]);
        await SignIn(adminName);
        await Tab("people").ClickAsync();
        var row = Page.Locator($"#person-rows tr[data-user-name=\"{agentName}\"]");

        await Page.ClickAsync($"button[aria-label='Edit {agentName}']");
        var form = Page.Locator("#person-form");
        await Assertions.Expect(form.Locator("input[name=displayName]")).ToHaveValueAsync("Max");
        await Assertions.Expect(form.Locator("textarea[name=pbxNames]")).ToHaveValueAsync("Max");
        await form.Locator("input[name=displayName]").FillAsync("Max Mustermann");
        await form.Locator("select[name=role]").SelectOptionAsync("viewer");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Max Mustermann");
        var edited = await Admin.Get($"/api/v1/users/{id}");
        Assert.Equal("viewer", edited.GetProperty("role").GetString());
        Assert.Equal(["Max"], edited.GetProperty("pbxNames").EnumerateArray().Select(n => n.GetString()));
        await Team.SignIn(agentName); // no new password given: the one they had still works

        await Page.ClickAsync($"button[aria-label='Disable {agentName}']");
        await Assertions.Expect(row).ToHaveClassAsync("disabled");
        Assert.False((await Admin.Get($"/api/v1/users/{id}")).GetProperty("enabled").GetBoolean());
        await Problems.Expect(App.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName = agentName, password = Team.Password }), 401);
        await Page.ClickAsync($"button[aria-label='Enable {agentName}']");
        await Assertions.Expect(row).Not.ToHaveClassAsync("disabled");
        Assert.True((await Admin.Get($"/api/v1/users/{id}")).GetProperty("enabled").GetBoolean());

        // The only admin may not disable themselves: the server's 409, above the list.
        await Page.ClickAsync($"button[aria-label='Disable {adminName}']");
        await Assertions.Expect(Page.Locator("#people-error")).ToContainTextAsync("last enabled admin");

        Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Page.ClickAsync($"button[aria-label='Delete {agentName}']");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Admin.Get($"/api/v1/users/{id}", 404);
    }

    [Fact]
    public async Task A_person_creates_a_token_sees_its_secret_once_and_revokes_it()
    {
        var (_, userName) = await Team.Add("agent");
        await SignIn(userName);
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#tokens-empty")).ToBeVisibleAsync();

        await Page.FillAsync("#token-form input[name=name]", "wallboard");
        await Page.Locator("#token-form select[name=scope]").SelectOptionAsync("full");
        await Page.FillAsync("#token-form input[name=expires]", "2026-12-31");
        await Page.ClickAsync("#token-form button[type=submit]");

        await Assertions.Expect(Page.Locator("#token-created")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#token-created")).ToContainTextAsync("it is shown only this once");
        var secret = await Page.InputValueAsync("#token-secret");
        Assert.StartsWith("ctp_", secret);
        var row = Page.Locator("#token-rows tr", new() { HasText = "wallboard" });
        await Assertions.Expect(row).ToContainTextAsync("full");
        await Assertions.Expect(row).ToContainTextAsync("01/01/2027"); // the end of the 31st, in the session's time zone (UTC)
        Assert.DoesNotContain(secret, await Page.InnerTextAsync("#token-rows"));
        await Screenshot("tokens");

        var token = Team.WithBearer(secret);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/session")).StatusCode);
        var listed = await Admin.Get("/api/v1/tokens");
        Assert.Equal("2027-01-01T00:00:00+00:00", listed[0].GetProperty("expiresAt").GetString());

        // Once: neither another view and back, nor a reload, shows it again.
        await Tab("calls").ClickAsync();
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#token-created")).ToBeHiddenAsync();
        Assert.Equal("", await Page.InputValueAsync("#token-secret"));
        await Page.ReloadAsync();
        await Tab("settings").ClickAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await Page.ContentAsync());
        Assert.Equal("", await Page.InputValueAsync("#token-secret"));

        Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Page.ClickAsync("button[aria-label='Revoke wallboard']");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("#tokens-empty")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/session")).StatusCode);
    }

    [Fact]
    public async Task An_admin_who_may_list_everyones_tokens_sees_only_their_own_in_the_settings()
    {
        var (_, agentName) = await Team.Add("agent");
        var agent = await Team.SignIn(agentName);
        (await agent.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "agent-script" })).EnsureSuccessStatusCode();
        var (_, adminName) = await Team.Add("admin");
        await SignIn(adminName);

        await Tab("settings").ClickAsync();
        await Page.FillAsync("#token-form input[name=name]", "admin-script");
        await Page.ClickAsync("#token-form button[type=submit]");

        await Assertions.Expect(Page.Locator("#token-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("#token-rows")).ToContainTextAsync("admin-script");
        await Assertions.Expect(Page.Locator("#token-rows tr")).ToContainTextAsync("read");
        await Assertions.Expect(Page.Locator("#token-rows tr")).ToContainTextAsync("never");
        Assert.Equal(2, (await Admin.Get("/api/v1/tokens")).GetArrayLength());
    }

    [Fact]
    public async Task Signed_in_with_the_admin_key_the_page_offers_the_people_view_but_no_tokens_and_no_my_calls()
    {
        await Page.GotoAsync("/");
        await Page.FillAsync("#key", CtiPushApp.AdminKey);
        await Page.ClickAsync("#signin-form button");
        await Assertions.Expect(Page.Locator("#live")).ToHaveTextAsync("live");

        await Assertions.Expect(Page.Locator("#who")).ToHaveTextAsync("admin key");
        await Assertions.Expect(Tab("people")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#mine-filter")).ToBeHiddenAsync();
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#tokens-key-only")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#token-form")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task My_calls_asks_for_the_calls_of_the_persons_pbx_names_and_shows_only_those()
    {
        var (_, userName) = await Team.Add("admin", pbxNames: ["Alice"]);
        var mine = Pbx.NewCallId();
        var others = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(mine, "in", extra: "&user[]=Alice"));
        await Pbx.Ok(Pbx.NewCall(others, "in", extra: "&user[]=Bob"));
        await SignIn(userName);
        await Assertions.Expect(Row(others)).ToBeVisibleAsync();

        var asked = await Page.RunAndWaitForRequestAsync(() => Page.CheckAsync("#filters input[name=mine]"),
            request => request.Url.Contains("/api/v1/calls?", StringComparison.Ordinal) && request.Url.Contains("mine=true", StringComparison.Ordinal));
        Assert.Contains("mine=true", asked.Url);
        await Assertions.Expect(Page.Locator("#export")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("mine=true"));

        // Needs GET /api/v1/calls?mine=true (added on main): before it, the server ignores mine and lists every call.
        await Assertions.Expect(Row(others)).ToHaveCountAsync(0);
        await Assertions.Expect(Row(mine)).ToBeVisibleAsync();

        // Live, under the filter: the server is asked whether a new call is one of theirs.
        var nextOfMine = Pbx.NewCallId();
        var nextOfOthers = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(nextOfOthers, "in", extra: "&user[]=Bob"));
        await Pbx.Ok(Pbx.NewCall(nextOfMine, "in", extra: "&user[]=Alice"));
        await Assertions.Expect(Row(nextOfMine)).ToBeVisibleAsync();
        await Assertions.Expect(Row(nextOfOthers)).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("#rows tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_wrong_password_a_locked_account_and_too_many_attempts_each_get_their_own_message()
    {
        var (_, userName) = await Team.Add("viewer");
        await Page.GotoAsync("/");
        await Page.FillAsync("#user-name", userName);
        await Page.FillAsync("#password", "wrong-password-0");
        await Page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(Page.Locator("#signin-error")).ToHaveTextAsync("Wrong user name or password.");

        var client = App.CreateClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var _ = await client.PostAsJsonAsync("/api/v1/session", new { userName, password = $"wrong-password-{attempt}" });
        }
        await Page.FillAsync("#password", Team.Password);
        await Page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(Page.Locator("#signin-error")).ToContainTextAsync("This account is locked");

        // 429 with Retry-After, as the limit on failed authentications answers (set far out of reach for the tests).
        await Page.RouteAsync("**/api/v1/session", route => route.Request.Method == "POST"
            ? route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 429,
                Headers = new Dictionary<string, string> { ["Retry-After"] = "42" },
                ContentType = "application/problem+json",
                Body = JsonSerializer.Serialize(new { title = "Too many requests", status = 429 }),
            })
            : route.ContinueAsync());
        await Page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(Page.Locator("#signin-error")).ToHaveTextAsync("Too many sign-in attempts from this address. Try again in 42 seconds.");
        await Assertions.Expect(Page.Locator("#app")).ToBeHiddenAsync();
    }
}
