using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.People;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.People;

/// <summary>How single sign-on is switched on, what the page is told, and which settings refuse the start.</summary>
public sealed class SingleSignOnSettingsTests
{
    private static SingleSignOnOptions Configured(Action<SingleSignOnOptions>? change = null)
    {
        var options = new SingleSignOnOptions { Authority = "https://sso.example.com/realms/team", ClientId = "ctipush", ClientSecret = "a-client-secret-123" };
        options.Roles.Admin.Add("ctipush-admins");
        change?.Invoke(options);
        return options;
    }

    private static string? Refusal(SingleSignOnOptions options) => new SingleSignOnOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public async Task Without_an_authority_the_page_is_offered_no_provider_and_the_sign_in_route_is_a_404()
    {
        await using var app = new SqliteApp();
        var client = app.CreateClient();

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/session/providers")).GetArrayLength());
        var problem = await Problems.Expect(client.GetAsync("/api/v1/session/oidc"), 404);
        Assert.Contains("Auth:Oidc:Authority", problem.Detail());
    }

    [Fact]
    public async Task With_an_authority_the_page_is_offered_the_provider_by_name_and_a_provider_that_does_not_answer_is_a_503()
    {
        await using var app = new SqliteApp();
        app.Settings["Auth:Oidc:Authority"] = "http://127.0.0.1:9";
        app.Settings["Auth:Oidc:ClientId"] = "ctipush";
        app.Settings["Auth:Oidc:Roles:viewer"] = "staff";
        app.Settings["Auth:Oidc:DisplayName"] = "Keycloak";
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var provider = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/session/providers")).EnumerateArray());
        Assert.Equal("oidc", provider.GetProperty("name").GetString());
        Assert.Equal("Keycloak", provider.GetProperty("displayName").GetString());
        Assert.Equal("/api/v1/session/oidc", provider.GetProperty("signInUrl").GetString());

        // Nothing listens on port 9 (discard): the link says the provider is away, and signs nobody in.
        var away = await Problems.Expect(client.GetAsync("/api/v1/session/oidc"), 503);
        Assert.Contains("Keycloak does not answer", away.Detail());
        await Problems.Expect(client.GetAsync("/api/v1/session"), 401);
    }

    [Fact]
    public async Task A_forged_return_from_the_provider_is_a_401_problem_and_opens_no_session()
    {
        await using var app = new SqliteApp();
        app.Settings["Auth:Oidc:Authority"] = "http://127.0.0.1:9";
        app.Settings["Auth:Oidc:ClientId"] = "ctipush";
        app.Settings["Auth:Oidc:Roles:viewer"] = "staff";
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var forged = await client.GetAsync(SingleSignOn.CallbackPath + "?code=made-up&state=made-up");
        var problem = Problems.Check(forged, await forged.Content.ReadAsStringAsync(), 401);

        Assert.Equal("Single sign-on failed", problem.GetProperty("title").GetString());
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        Assert.Equal("nosniff", forged.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public void The_highest_mapped_role_wins_values_compare_exactly_and_none_means_no_role()
    {
        var options = Configured(o =>
        {
            o.Roles.Agent.AddRange(["agents", "support"]);
            o.Roles.Viewer.Add("staff");
        });

        Assert.Equal(PersonRole.Admin, options.RoleFor(["staff", "ctipush-admins", "support"]));
        Assert.Equal(PersonRole.Agent, options.RoleFor(["staff", "support"]));
        Assert.Equal(PersonRole.Viewer, options.RoleFor(["staff"]));
        Assert.Null(options.RoleFor(["Staff", "ctipush-admins-old"]));
        Assert.Null(options.RoleFor([]));
    }

    [Fact]
    public void A_complete_setting_passes_and_without_an_authority_nothing_else_may_be_set()
    {
        Assert.Null(Refusal(Configured()));
        Assert.Null(Refusal(new SingleSignOnOptions()));
        Assert.Null(Refusal(Configured(o => o.Authority = "http://localhost:8080/realms/team"))); // http on loopback, for a provider on this machine
        Assert.Contains("Auth:Oidc:Authority is not set", Refusal(Configured(o => o.Authority = "")));
    }

    [Theory]
    [InlineData("http://sso.example.com/realms/team", "Auth:Oidc:Authority must be the provider's issuer URL with https")]
    [InlineData("sso.example.com", "Auth:Oidc:Authority must be the provider's issuer URL with https")]
    public void An_authority_that_is_not_https_is_refused(string authority, string reason) =>
        Assert.Contains(reason, Refusal(Configured(o => o.Authority = authority)));

    [Fact]
    public void A_setting_that_would_let_nobody_in_is_refused_naming_it()
    {
        Assert.Contains("Auth:Oidc:ClientId is required", Refusal(Configured(o => o.ClientId = " ")));
        Assert.Contains("Auth:Oidc:Roles maps no claim value to a role", Refusal(Configured(o => o.Roles.Admin.Clear())));
        Assert.Contains("Auth:Oidc:Scopes must include openid", Refusal(Configured(o => o.Scopes = "profile email")));
        Assert.Contains("Auth:Oidc:RoleClaim must name the claim", Refusal(Configured(o => o.RoleClaim = "")));
        Assert.Contains("Auth:Oidc:DisplayName", Refusal(Configured(o => o.DisplayName = "")));
    }

    [Fact]
    public async Task The_service_refuses_to_start_in_one_line_with_single_sign_on_half_set_up()
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string>
        {
            ["Auth__Oidc__Authority"] = "https://sso.example.com/realms/team",
            ["Auth__Oidc__ClientSecret"] = "the-client-secret-0123",
            ["Auth__Oidc__Roles__admin"] = "ctipush-admins",
        });

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("CtiPush cannot start: Auth:Oidc:ClientId is required", error.TrimStart());
        Assert.DoesNotContain("the-client-secret-0123", error);
    }
}
