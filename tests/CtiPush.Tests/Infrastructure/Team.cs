using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CtiPush.Tests.Infrastructure;

/// <summary>People for a test: made through the admin API with the bootstrap key, signed in as a browser would.</summary>
public sealed class Team(CtiPushApp app)
{
    public const string Password = "correct-horse-battery-9";

    private readonly AdminApi admin = new(app.CreateAdminClient());

    /// <summary>A new person with a unique user name; answers their id and user name.</summary>
    public async Task<(long Id, string UserName)> Add(string role, string? displayName = null, string[]? pbxNames = null, string? password = Password)
    {
        var userName = $"{role}-{Guid.NewGuid():N}"[..20];
        var person = await admin.Post("/api/v1/users", new { userName, displayName = displayName ?? userName, role, password, pbxNames = pbxNames ?? [] });
        return (person.Id(), userName);
    }

    /// <summary>
    /// A browser signed in as <paramref name="userName"/>: its client sends the session cookie and the anti-forgery token.
    /// The cookie is sent as a header, not kept in a cookie container: outside Development it is Secure, which a
    /// container would not send to the plain-HTTP loopback address of a service on a real socket (a browser does).
    /// </summary>
    public async Task<SignedIn> SignIn(string userName, string password = Password, CtiPushApp? on = null)
    {
        var target = on ?? app;
        var browser = target.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = target.ClientOptions.BaseAddress, HandleCookies = false });
        using var answer = await browser.PostAsJsonAsync("/api/v1/session", new { userName, password });
        Assert.True(answer.IsSuccessStatusCode, $"sign-in as {userName}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        var session = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var cookie = answer.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        browser.DefaultRequestHeaders.Add("Cookie", cookie);
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.GetProperty("csrfToken").GetString());
        return new SignedIn(browser, session, cookie);
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer.</summary>
    public HttpClient WithBearer(string token, CtiPushApp? on = null)
    {
        var client = (on ?? app).CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client that presents only <paramref name="cookie"/> (a copy of a session's cookie), without its token.</summary>
    public HttpClient WithCookie(string cookie, CtiPushApp? on = null)
    {
        var client = (on ?? app).CreateDefaultClient(new CookieOnly(cookie));
        return client;
    }

    public sealed record SignedIn(HttpClient Browser, JsonElement Session, string Cookie);

    private sealed class CookieOnly(string cookie) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("Cookie", cookie);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
