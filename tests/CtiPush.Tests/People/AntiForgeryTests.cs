using System.Net;
using System.Text;
using CtiPush.People;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.People;

/// <summary>
/// A page of the same site (another port of this host, a sibling subdomain) can make the browser send the session
/// cookie with a form or a <c>no-cors</c> fetch, in any of the content types those can send. So every change made with
/// the cookie needs the session's anti-forgery token, whatever the route and whatever its body. In the browser:
/// <c>Web/CrossSitePageTests</c>.
/// </summary>
public sealed class AntiForgeryTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    /// <summary>Routes that change something without a session: the PBX's push (its token is in the URL) and the sign-in itself.</summary>
    private static readonly string[] Anonymous = ["POST /api/v1/cti/{token?}", "POST /api/v1/session/"];

    private static readonly Func<HttpContent>[] WhatAnotherPageCanSend =
    [
        () => new StringContent("name,number\nForged Contact,+49 30 9999999\n", Encoding.UTF8, "text/plain"),
        () => new StringContent("name,number\nForged Contact,+49 30 9999999\n", Encoding.UTF8, "text/csv"),
        () => Form.UrlEncoded("name=Forged+Contact&number=%2B49+30+9999999"),
        () => Form.Multipart("forged", [("file", "contacts.csv", "name,number\nForged Contact,+49 30 9999999\n")]),
        () => new StringContent("""{"name":"Forged Contact"}""", Encoding.UTF8, "application/json"),
    ];

    [Fact]
    public async Task Every_route_that_changes_something_for_a_session_asks_for_the_anti_forgery_token()
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var unguarded = new List<string>();
        foreach (var (method, route, endpoint) in ChangeRoutes())
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies,
                endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            var anonymous = Anonymous.Contains($"{method} {route}") && policy is null;
            if (!anonymous && policy?.Requirements.OfType<CsrfRequirement>().Any() != true)
            {
                unguarded.Add($"{method} {route}");
            }
        }
        Assert.True(unguarded.Count == 0, "without the anti-forgery requirement: " + string.Join(", ", unguarded));
    }

    [Fact]
    public async Task The_policy_a_route_gets_without_naming_one_asks_for_the_token_too()
    {
        var policy = await app.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetDefaultPolicyAsync();
        Assert.Contains(policy.Requirements, requirement => requirement is CsrfRequirement);
    }

    [Fact]
    public async Task With_only_the_session_cookie_every_change_is_refused_whatever_its_content_type_and_nothing_changes()
    {
        var team = new Team(app);
        var admin = new AdminApi(app.CreateAdminClient());
        var signedIn = await team.SignIn((await team.Add("admin")).UserName); // the highest role: a 403 is the missing token's
        var cookieOnly = team.WithCookie(signedIn.Cookie);

        var wrong = new List<string>();
        foreach (var (method, route, _) in ChangeRoutes().Where(r => !Anonymous.Contains($"{r.Method} {r.Route}")))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "1"); // every route value: {id:long}, {deliveryId:long}
            var refusedOnce = false;
            foreach (var content in WhatAnotherPageCanSend)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "DELETE" ? null : content() };
                using var response = await cookieOnly.SendAsync(request);
                var status = (int)response.StatusCode;
                // 403: refused for the missing token. 415: refused by routing, before anything reads the body.
                if (status is not (403 or 415))
                {
                    wrong.Add($"{method} {path} with {request.Content?.Headers.ContentType?.MediaType ?? "no body"}: {status}");
                }
                refusedOnce |= status == 403;
            }
            if (!refusedOnce)
            {
                wrong.Add($"{method} {path}: never reached the anti-forgery check");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        Assert.Equal(0, (await admin.Get("/api/v1/contacts?q=Forged")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Browser.GetAsync("/api/v1/session")).StatusCode); // not even signed out
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/csv")]
    [InlineData("multipart/form-data")]
    public async Task The_phonebook_import_with_the_cookie_needs_the_token_and_imports_with_it(string contentType)
    {
        var team = new Team(app);
        var signedIn = await team.SignIn((await team.Add("agent")).UserName);
        var name = $"Imported {contentType.Replace('/', ' ')} {Guid.NewGuid():N}";
        var csv = $"name,number\n{name},+49 30 5550000\n";
        HttpContent File() => contentType == "multipart/form-data"
            ? Form.Multipart("b1", [("file", "contacts.csv", csv)])
            : new StringContent(csv, Encoding.UTF8, contentType);

        await Problems.Expect(team.WithCookie(signedIn.Cookie).PostAsync("/api/v1/contacts/import", File()), 403);
        var admin = new AdminApi(app.CreateAdminClient());
        Assert.Equal(0, (await admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(name)}")).GetProperty("total").GetInt32());

        using var imported = await signedIn.Browser.PostAsync("/api/v1/contacts/import", File()); // the page's way: cookie and token
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(1, (await admin.Get($"/api/v1/contacts?q={Uri.EscapeDataString(name)}")).GetProperty("total").GetInt32());
    }

    /// <summary>Every POST, PUT, PATCH and DELETE the service maps, with its route pattern.</summary>
    private IEnumerable<(string Method, string Route, RouteEndpoint Endpoint)> ChangeRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText ?? "", e)))
            .Where(r => r.m is "POST" or "PUT" or "PATCH" or "DELETE");
}
