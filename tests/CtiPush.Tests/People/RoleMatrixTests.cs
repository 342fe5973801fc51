using System.Net;
using System.Text;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.People;

/// <summary>
/// Every route of the admin API × every kind of caller: anonymous and a PBX token as bearer get 401, a role below
/// the route's gets 403, the route's role and those above it get past authorization (2xx, or the route's own 4xx
/// for a body or id this test does not bother to make valid). A route missing from the table fails the test.
/// </summary>
public sealed class RoleMatrixTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Public = "public";
    private static readonly string[] Ranks = ["viewer", "agent", "admin"];

    /// <summary>Method, route pattern as the app maps it, and the least role it needs.</summary>
    private static readonly (string Method, string Route, string Role)[] Table =
    [
        ("POST", "/api/v1/cti/{token?}", Public),
        ("POST", "/api/v1/session/", Public),
        ("GET", "/api/v1/session/providers", Public),
        ("GET", "/api/v1/session/oidc", Public),
        ("GET", "/api/v1/session/", "viewer"),
        ("DELETE", "/api/v1/session/", "viewer"),

        ("GET", "/api/v1/calls/", "viewer"),
        ("GET", "/api/v1/calls/{id:long}", "viewer"),
        ("GET", "/api/v1/calls/export.csv", "viewer"),
        ("GET", "/api/v1/calls/stream", "viewer"),
        ("GET", "/api/v1/calls/keeping", "viewer"),
        ("GET", "/api/v1/stats", "viewer"),
        ("PATCH", "/api/v1/calls/{id:long}", "agent"),
        ("POST", "/api/v1/calls/done", "agent"),

        ("GET", "/api/v1/rules/blocked/", "agent"),
        ("GET", "/api/v1/rules/blocked/{id:long}", "agent"),
        ("GET", "/api/v1/rules/routes/", "agent"),
        ("GET", "/api/v1/rules/routes/{id:long}", "agent"),
        ("GET", "/api/v1/rules/default-caller-id", "agent"),
        ("POST", "/api/v1/rules/evaluate", "agent"),
        ("POST", "/api/v1/rules/blocked/", "admin"),
        ("PUT", "/api/v1/rules/blocked/{id:long}", "admin"),
        ("DELETE", "/api/v1/rules/blocked/{id:long}", "admin"),
        ("POST", "/api/v1/rules/routes/", "admin"),
        ("PUT", "/api/v1/rules/routes/{id:long}", "admin"),
        ("DELETE", "/api/v1/rules/routes/{id:long}", "admin"),
        ("PUT", "/api/v1/rules/default-caller-id", "admin"),

        ("GET", "/api/v1/contacts/", "agent"),
        ("GET", "/api/v1/contacts/{id:long}", "agent"),
        ("GET", "/api/v1/contacts/export.csv", "agent"),
        ("POST", "/api/v1/contacts/", "agent"),
        ("PUT", "/api/v1/contacts/{id:long}", "agent"),
        ("DELETE", "/api/v1/contacts/{id:long}", "agent"),
        ("POST", "/api/v1/contacts/import", "agent"),

        ("GET", "/api/v1/users/", "admin"),
        ("POST", "/api/v1/users/", "admin"),
        ("GET", "/api/v1/users/{id:long}", "admin"),
        ("PUT", "/api/v1/users/{id:long}", "admin"),
        ("DELETE", "/api/v1/users/{id:long}", "admin"),
        ("GET", "/api/v1/tokens/", "viewer"),
        ("POST", "/api/v1/tokens/", "viewer"),
        ("DELETE", "/api/v1/tokens/{id:long}", "viewer"),
        ("GET", "/api/v1/audit/", "admin"),

        ("GET", "/api/v1/callbacks/", "viewer"),
        ("GET", "/api/v1/callbacks/{id:long}", "viewer"),
        ("GET", "/api/v1/callbacks/stream", "viewer"),
        ("POST", "/api/v1/callbacks/{id:long}/claim", "agent"),
        ("POST", "/api/v1/callbacks/{id:long}/release", "agent"),
        ("POST", "/api/v1/callbacks/{id:long}/notes", "agent"),
        ("POST", "/api/v1/callbacks/{id:long}/resolve", "agent"),

        ("GET", "/api/v1/screenpop/", "agent"),
        ("GET", "/api/v1/screenpop/stream", "agent"),
        ("GET", "/api/v1/me/screenpop/", "agent"),
        ("PUT", "/api/v1/me/screenpop/", "agent"),
        ("GET", "/api/v1/privacy/export", "admin"),
        ("POST", "/api/v1/privacy/erase", "admin"),
    ];

    [Fact]
    public void Every_route_of_the_service_is_in_the_table()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, Normalize(e.RoutePattern.RawText!))))
            .ToHashSet();
        var listed = Table.Select(t => (t.Method, Normalize(t.Route))).ToHashSet();

        Assert.Empty(mapped.Except(listed)); // a new route needs its row here
        Assert.Empty(listed.Except(mapped)); // a row for a route that is gone
    }

    [Fact]
    public async Task Each_route_answers_each_caller_as_its_role_allows()
    {
        var team = new Team(app);
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.CreateClient(),
            ["pbx token"] = team.WithBearer(CtiPushApp.Token),
        };
        foreach (var role in Ranks)
        {
            callers[role] = (await team.SignIn((await team.Add(role)).UserName)).Browser;
        }

        var wrong = new List<string>();
        // Signing out last: it ends the sessions the other rows use.
        foreach (var (method, route, role) in Table.Where(t => t.Role != Public).OrderBy(t => t is ("DELETE", "/api/v1/session/", _)))
        {
            foreach (var (caller, client) in callers)
            {
                var status = await StatusOf(client, method, route);
                var expected = caller is "anonymous" or "pbx token" ? "401"
                    : Array.IndexOf(Ranks, caller) < Array.IndexOf(Ranks, role) ? "403"
                    : "allowed";
                var got = status is 401 or 403 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "allowed";
                if (got != expected)
                {
                    wrong.Add($"{method} {route} as {caller}: expected {expected}, got {status}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<int> StatusOf(HttpClient client, string method, string route)
    {
        var path = route.Replace("{id:long}", "999999", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            // The import routes by content type before it authorizes: give it one it takes.
            request.Content = route.EndsWith("/import", StringComparison.Ordinal)
                ? new StringContent("name\n", Encoding.UTF8, "text/csv")
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead); // the stream answers headers, then waits
        return (int)response.StatusCode;
    }

    private static string Normalize(string route) => route.TrimEnd('/');
}
