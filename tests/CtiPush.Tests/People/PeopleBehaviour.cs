using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.People;

/// <summary>People, roles, sessions and tokens through the admin API. Runs on SQLite and PostgreSQL.</summary>
public abstract class PeopleBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = app;
    protected readonly Team Team = new(app);
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    [Fact]
    public async Task A_person_signs_in_with_their_password_and_the_session_says_who_and_in_which_role()
    {
        var (_, userName) = await Team.Add("agent", displayName: "Erika Mustermann");

        var signedIn = await Team.SignIn(userName);

        Assert.Equal(userName, signedIn.Session.GetProperty("userName").GetString());
        Assert.Equal("Erika Mustermann", signedIn.Session.GetProperty("displayName").GetString());
        Assert.Equal("agent", signedIn.Session.GetProperty("role").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{20,}$", signedIn.Session.GetProperty("csrfToken").GetString());
        var again = await signedIn.Browser.GetFromJsonAsync<JsonElement>("/api/v1/session");
        Assert.Equal(signedIn.Session.GetProperty("csrfToken").GetString(), again.GetProperty("csrfToken").GetString());
        await Problems.Expect(App.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName, password = "not-the-password-1" }), 401);
    }

    [Fact]
    public async Task A_taken_user_name_or_pbx_name_is_a_409_naming_it_and_nothing_is_written()
    {
        var (_, taken) = await Team.Add("agent", pbxNames: ["Erika-" + taken_suffix, "21" + taken_suffix]);

        var sameName = await Admin.Post("/api/v1/users", new { userName = taken.ToUpperInvariant(), role = "viewer", password = Team.Password }, 409);
        Assert.Contains(taken.ToUpperInvariant(), sameName.Detail());
        var samePbxName = await Admin.Post("/api/v1/users", new { userName = "new-" + taken_suffix, role = "viewer", pbxNames = new[] { "ERIKA-" + taken_suffix } }, 409);
        Assert.Contains("Erika-" + taken_suffix, samePbxName.Detail());
        Assert.Contains(taken, samePbxName.Detail());

        var everyone = await Admin.Get("/api/v1/users");
        Assert.DoesNotContain(everyone.EnumerateArray(), p => p.GetProperty("userName").GetString() == "new-" + taken_suffix);
    }

    private readonly string taken_suffix = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_weak_password_is_a_422_listing_identitys_reasons_and_an_unknown_role_too()
    {
        var userName = "weak-" + taken_suffix;
        var weak = await Admin.Post("/api/v1/users", new { userName, role = "agent", password = "short" }, 422);
        Assert.Contains("at least 10 characters", weak.ErrorsOf("password"));
        var unknownRole = await Admin.Post("/api/v1/users", new { userName, role = "supervisor" }, 422);
        Assert.Contains("admin, agent or viewer", unknownRole.ErrorsOf("role"));

        Assert.DoesNotContain((await Admin.Get("/api/v1/users")).EnumerateArray(), p => p.GetProperty("userName").GetString() == userName);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_one_gets_423()
    {
        var (id, userName) = await Team.Add("viewer");
        var client = App.CreateClient();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { userName, password = $"wrong-password-{attempt}" }), 401);
        }
        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { userName, password = "wrong-password-5" }), 423);

        var locked = await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { userName, password = Team.Password }), 423);
        Assert.Contains("locked", locked.Detail());

        // An admin unlocks by setting a new password.
        await Admin.Put($"/api/v1/users/{id}", new { userName, role = "viewer", password = "a-brand-new-password-2" });
        await Team.SignIn(userName, "a-brand-new-password-2");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_once_and_a_copy_of_its_cookie_gets_401()
    {
        var (_, userName) = await Team.Add("agent");
        var signedIn = await Team.SignIn(userName);
        var copy = Team.WithCookie(signedIn.Cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/calls?limit=1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.Browser.DeleteAsync("/api/v1/session")).StatusCode);

        await Problems.Expect(copy.GetAsync("/api/v1/calls?limit=1"), 401);
    }

    [Fact]
    public async Task A_change_made_with_the_session_cookie_needs_the_sessions_anti_forgery_token()
    {
        var (_, userName) = await Team.Add("agent");
        var signedIn = await Team.SignIn(userName);
        var withoutToken = Team.WithCookie(signedIn.Cookie);

        await Problems.Expect(withoutToken.PostAsJsonAsync("/api/v1/contacts", new { name = "Forged " + taken_suffix }), 403);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts")
        {
            Content = JsonContent.Create(new { name = "Forged " + taken_suffix }),
            Headers = { { "X-CSRF-TOKEN", "not-the-sessions-token-0000000000000" } },
        };
        await Problems.Expect(withoutToken.SendAsync(wrongToken), 403);
        Assert.Equal(0, (await Admin.Get($"/api/v1/contacts?q=Forged%20{taken_suffix}")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Created, (await signedIn.Browser.PostAsJsonAsync("/api/v1/contacts", new { name = "Real " + taken_suffix })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withoutToken.GetAsync("/api/v1/contacts")).StatusCode); // reading needs none
    }

    [Fact]
    public async Task A_new_password_a_new_role_or_disabling_ends_the_persons_sessions()
    {
        foreach (var change in new[] { "password", "role", "disable" })
        {
            var (id, userName) = await Team.Add("agent");
            var signedIn = await Team.SignIn(userName);
            Assert.Equal(HttpStatusCode.OK, (await signedIn.Browser.GetAsync("/api/v1/calls?limit=1")).StatusCode);

            await Admin.Put($"/api/v1/users/{id}", change switch
            {
                "password" => new { userName, role = "agent", password = (string?)"another-password-99", enabled = (bool?)null },
                "role" => new { userName, role = "viewer", password = (string?)null, enabled = (bool?)null },
                _ => new { userName, role = "agent", password = (string?)null, enabled = (bool?)false },
            });

            await Problems.Expect(signedIn.Browser.GetAsync("/api/v1/calls?limit=1"), 401);
        }
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_demoted_nor_disabled_nor_deleted()
    {
        // Only admins made here: whoever else is admin in this database is disabled first, and enabled again after.
        var others = (await Admin.Get("/api/v1/users")).EnumerateArray()
            .Where(p => p.GetProperty("role").GetString() == "admin" && p.GetProperty("enabled").GetBoolean()).ToList();
        var (id, userName) = await Team.Add("admin");
        foreach (var other in others)
        {
            await Admin.Put($"/api/v1/users/{other.Id()}", new { userName = other.GetProperty("userName").GetString(), role = "admin", enabled = false, pbxNames = other.GetProperty("pbxNames") });
        }
        try
        {
            Assert.Contains("last enabled admin", (await Admin.Put($"/api/v1/users/{id}", new { userName, role = "agent" }, 409)).Detail());
            await Admin.Put($"/api/v1/users/{id}", new { userName, role = "admin", enabled = false }, 409);
            await Admin.Delete($"/api/v1/users/{id}", 409);
            Assert.Equal("admin", (await Admin.Get($"/api/v1/users/{id}")).GetProperty("role").GetString());
        }
        finally
        {
            foreach (var other in others)
            {
                await Admin.Put($"/api/v1/users/{other.Id()}", new { userName = other.GetProperty("userName").GetString(), role = "admin", enabled = true, pbxNames = other.GetProperty("pbxNames") });
            }
        }
    }

    [Fact]
    public async Task A_personal_token_is_shown_once_acts_as_its_owner_and_stops_at_once_when_revoked()
    {
        var (_, userName) = await Team.Add("agent", displayName: "Token Owner");
        var signedIn = await Team.SignIn(userName);
        using var created = await signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "wallboard script", scope = "full" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = token.GetProperty("token").GetString()!;
        Assert.StartsWith("ctp_", secret);

        var script = Team.WithBearer(secret);
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/v1/contacts", new { name = "By token " + taken_suffix })).StatusCode);
        var listed = await signedIn.Browser.GetStringAsync("/api/v1/tokens");
        Assert.Contains("wallboard script", listed);
        Assert.DoesNotContain(secret, listed);
        Assert.DoesNotContain(secret[4..], listed);

        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.Browser.DeleteAsync($"/api/v1/tokens/{token.Id()}")).StatusCode);
        await Problems.Expect(script.GetAsync("/api/v1/calls?limit=1"), 401);
    }

    [Fact]
    public async Task A_read_token_acts_as_a_viewer_whatever_its_owners_role()
    {
        var (_, userName) = await Team.Add("admin");
        var signedIn = await Team.SignIn(userName);
        var token = await (await signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "reader", scope = "read" })).Content.ReadFromJsonAsync<JsonElement>();
        var reader = Team.WithBearer(token.GetProperty("token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/calls?limit=1")).StatusCode);
        await Problems.Expect(reader.PostAsJsonAsync("/api/v1/contacts", new { name = "Not by a reader" }), 403);
        await Problems.Expect(reader.GetAsync("/api/v1/users"), 403);
    }

    [Fact]
    public async Task Expired_revoked_and_malformed_tokens_get_the_same_401()
    {
        var (_, userName) = await Team.Add("viewer");
        var signedIn = await Team.SignIn(userName);
        var expiresAt = App.Time.GetUtcNow().AddMinutes(5);
        var token = await (await signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "short-lived", scope = "read", expiresAt })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = token.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Team.WithBearer(secret).GetAsync("/api/v1/calls?limit=1")).StatusCode);

        App.Time.Advance(TimeSpan.FromMinutes(6)); // the clock only moves forward; nothing else here minds six minutes
        var bodies = new List<string>();
        foreach (var presented in new[] { secret, "ctp_" + new string('A', 43), "ctp_", "not-a-token-at-all" })
        {
            using var response = await Team.WithBearer(presented).GetAsync("/api/v1/calls?limit=1");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            bodies.Add(System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"[^\"]*\"", ""));
        }
        Assert.Single(bodies.Distinct()); // no hint which
        await Problems.Expect(signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "bad", scope = "write" }), 422);
    }

    [Fact]
    public async Task The_bootstrap_key_still_opens_everything_as_bearer_and_as_sign_in()
    {
        Assert.Equal(HttpStatusCode.OK, (await App.CreateAdminClient().GetAsync("/api/v1/users")).StatusCode);
        var browser = App.CreateClient();
        using var signIn = await browser.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey });
        var session = await signIn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("admin", session.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/users")).StatusCode);
        await Problems.Expect(App.CreateClient().PostAsJsonAsync("/api/v1/session", new { key = "wrong-admin-key-0123456" }), 401);
    }

    [Fact]
    public async Task Done_by_a_person_names_them_on_the_calls_trail_and_in_the_audit_list()
    {
        var (_, userName) = await Team.Add("agent", displayName: "Erika " + taken_suffix);
        var signedIn = await Team.SignIn(userName);
        var pbx = new Pbx(App.CreateClient());
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId));
        await Pbx.Ok(pbx.Hangup(callId, "cancel"));
        var id = await Admin.CallRowId(callId);

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Browser.PatchAsJsonAsync($"/api/v1/calls/{id}", new { done = true })).StatusCode);

        var done = (await Admin.Get($"/api/v1/calls/{id}")).GetProperty("events").EnumerateArray().Last();
        Assert.Equal("done", done.GetProperty("type").GetString());
        Assert.Equal("Erika " + taken_suffix, done.GetProperty("fields").GetProperty("by").GetString());
        var entry = (await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray()
            .First(e => e.GetProperty("target").GetString() == $"call {id}");
        Assert.Equal(["call.done", "Erika " + taken_suffix], [entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString()]);
    }

    [Fact]
    public async Task Rule_and_contact_changes_name_their_author_in_the_audit_list()
    {
        await Admin.Post("/api/v1/contacts", new { name = "Audited " + taken_suffix });
        await Admin.Put("/api/v1/rules/default-caller-id", new { callerId = "4930777000000" });
        await Admin.Put("/api/v1/rules/default-caller-id", new { callerId = (string?)null });

        var entries = (await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Contains(("contact.create", "contact Audited " + taken_suffix, "admin key"), entries);
        Assert.Contains(("rule.default-caller-id", "default caller id 4930777000000", "admin key"), entries);
    }

    [Fact]
    public async Task My_calls_are_those_that_rang_for_or_were_answered_by_one_of_my_pbx_names()
    {
        var me = "Erika-" + taken_suffix;
        var extension = "21" + taken_suffix[..4];
        var (_, userName) = await Team.Add("agent", pbxNames: [me, extension]);
        var signedIn = await Team.SignIn(userName);
        var pbx = new Pbx(App.CreateClient());
        var rangForMe = Pbx.NewCallId();
        var answeredByMe = Pbx.NewCallId();
        var atMyExtension = Pbx.NewCallId();
        var notMine = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(rangForMe, extra: $"&user[]=Bob&user[]={me.ToLowerInvariant()}"));
        await Pbx.Ok(pbx.NewCall(answeredByMe, extra: "&user[]=Bob"));
        await Pbx.Ok(pbx.Answer(answeredByMe, me));
        await Pbx.Ok(pbx.NewCall(atMyExtension));
        await Pbx.Ok(pbx.Answer(atMyExtension, "Someone", $"&answeringNumber={extension}"));
        await Pbx.Ok(pbx.NewCall(notMine, extra: "&user[]=Bob"));

        var mine = (await signedIn.Browser.GetFromJsonAsync<JsonElement>("/api/v1/calls?mine=true&limit=500")).GetProperty("items")
            .EnumerateArray().Select(c => c.GetProperty("callId").GetString()).ToList();

        Assert.Equal([atMyExtension, answeredByMe, rangForMe], mine);
        Assert.Empty((await Admin.Get("/api/v1/calls?mine=true")).GetProperty("items").EnumerateArray()); // the key is no one
    }

    [Fact]
    public async Task Every_change_names_its_author_in_the_audit_list_newest_first()
    {
        var (id, userName) = await Team.Add("agent", displayName: "Erika " + taken_suffix);
        var signedIn = await Team.SignIn(userName);
        await signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "audit-" + taken_suffix, scope = "read" });

        var entries = (await Admin.Get("/api/v1/audit?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var created = entries.First(e => e.GetProperty("action").GetString() == "user.create" && e.GetProperty("target").GetString()!.Contains(userName));
        Assert.Equal("admin key", created.GetProperty("actor").GetString());
        var token = entries.First(e => e.GetProperty("action").GetString() == "token.create" && e.GetProperty("target").GetString()!.Contains("audit-" + taken_suffix));
        Assert.Equal("Erika " + taken_suffix, token.GetProperty("actor").GetString());
        Assert.True(entries.IndexOf(token) < entries.IndexOf(created), "newest first");
        Assert.DoesNotContain(entries, e => e.ToString().Contains(Team.Password));
        _ = id;
    }
}

public sealed class PeopleOnSqlite(SqliteApp app) : PeopleBehaviour(app), IClassFixture<SqliteApp>;

public sealed class PeopleOnPostgres(PostgresApp app) : PeopleBehaviour(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Sign_out_revoked_tokens_and_new_passwords_take_effect_on_every_instance_at_once()
    {
        await using var other = App.CreateTwin();
        var (id, userName) = await Team.Add("agent");

        var signedOut = await Team.SignIn(userName);
        var copyElsewhere = Team.WithCookie(signedOut.Cookie, on: other);
        Assert.Equal(HttpStatusCode.OK, (await copyElsewhere.GetAsync("/api/v1/calls?limit=1")).StatusCode);
        await signedOut.Browser.DeleteAsync("/api/v1/session");
        await Problems.Expect(copyElsewhere.GetAsync("/api/v1/calls?limit=1"), 401);

        var kept = await Team.SignIn(userName);
        var token = await (await kept.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "elsewhere", scope = "full" })).Content.ReadFromJsonAsync<JsonElement>();
        var script = Team.WithBearer(token.GetProperty("token").GetString()!, on: other);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/calls?limit=1")).StatusCode);
        await kept.Browser.DeleteAsync($"/api/v1/tokens/{token.Id()}");
        await Problems.Expect(script.GetAsync("/api/v1/calls?limit=1"), 401);

        var sessionElsewhere = Team.WithCookie(kept.Cookie, on: other);
        Assert.Equal(HttpStatusCode.OK, (await sessionElsewhere.GetAsync("/api/v1/calls?limit=1")).StatusCode);
        await new AdminApi(other.CreateAdminClient()).Put($"/api/v1/users/{id}", new { userName, role = "agent", password = "changed-on-the-other-1" });
        await Problems.Expect(kept.Browser.GetAsync("/api/v1/calls?limit=1"), 401);
    }
}
