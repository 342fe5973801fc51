using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Hardening;

/// <summary>Guessing secrets, posting from where a PBX is not, forging bodies, sending too much.</summary>
public sealed class AbuseTests
{
    private const string PlacetelSecret = "placetel-signing-secret-0123";

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    [Fact]
    public async Task Repeated_wrong_tokens_from_one_client_get_429_while_a_pbx_with_the_right_token_goes_on_unslowed()
    {
        await using var app = new SqliteApp();
        app.Settings["RateLimits:WrongTokensPerMinute"] = "5";
        var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/v1/cti/guess-{i}", Form("event=newCall&callId=x"))).StatusCode);
        }
        using var limited = await client.PostAsync("/api/v1/cti/guess-6", Form("event=newCall&callId=x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many failed attempts", await limited.Content.ReadAsStringAsync());

        var pbx = new Pbx(client);
        for (var i = 0; i < 50; i++)
        {
            await Pbx.Ok(pbx.NewCall($"not-limited-{i}"));
        }
    }

    [Fact]
    public async Task Repeated_sign_ins_from_one_client_get_429_even_with_the_right_key()
    {
        await using var app = new SqliteApp();
        app.Settings["RateLimits:SignInsPerMinute"] = "3";
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/session", new { key = $"guess-{i}" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAdminClient().GetAsync("/api/v1/rules/blocked")).StatusCode); // the API key still works
    }

    private static HttpRequestMessage Signed(string body, string? signature, string header = "X-PLACETEL-SIGNATURE")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cti/{CtiPushApp.Token}") { Content = Form(body) };
        if (signature is not null)
        {
            request.Headers.Add(header, signature);
        }
        return request;
    }

    private static string Hmac(string body, string secret = PlacetelSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task A_pbx_with_a_signing_secret_must_sign_each_body_with_hmac_sha256_and_others_need_not()
    {
        await using var app = new SqliteApp();
        app.Settings["Cti:Signatures:main:Secret"] = PlacetelSecret;
        app.Settings["Cti:Signatures:main:Header"] = "X-PLACETEL-SIGNATURE";
        var client = app.CreateClient();
        const string Body = "event=newCall&callId=signed-1&direction=in&from=493055571600&to=4930111";

        var unsigned = await Pbx.Problem(client.SendAsync(Signed(Body, null)), 401);
        Assert.Contains("must be signed", unsigned.GetProperty("error").GetString());
        await Pbx.Problem(client.SendAsync(Signed(Body, Hmac(Body, "another-secret-altogether"))), 401);
        await Pbx.Problem(client.SendAsync(Signed(Body + "&user[]=Mallory", Hmac(Body))), 401); // the body was changed
        await Pbx.Problem(client.SendAsync(Signed(Body, "zz" + Hmac(Body)[2..])), 401);
        Assert.Null(await app.FindCall("signed-1"));

        Assert.Equal("{}", await Pbx.Ok(client.SendAsync(Signed(Body, Hmac(Body)))));
        Assert.Equal("{}", await Pbx.Ok(client.SendAsync(Signed(Body.Replace("signed-1", "signed-2"), "sha256=" + Hmac(Body.Replace("signed-1", "signed-2")).ToUpperInvariant()))));
        Assert.NotNull(await app.FindCall("signed-1"));
        await Pbx.Ok(new Pbx(client, CtiPushApp.OtherToken).NewCall("unsigned-other")); // a PBX without a secret is not asked
    }

    /// <summary>On a real socket: the client address is 127.0.0.1, as the allow-list and the proxy rules see it.</summary>
    private static async Task<(SqliteApp App, HttpClient Client)> OnSocket(params (string Key, string Value)[] settings)
    {
        var app = new SqliteApp();
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value;
        }
        app.UseKestrel(0);
        app.StartServer();
        return (app, app.CreateClient());
    }

    private static async Task<HttpStatusCode> PostFrom(HttpClient client, string callId, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cti/{CtiPushApp.Token}") { Content = Form($"event=newCall&callId={callId}&direction=in&from=1&to=2") };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_pbx_with_allowed_networks_is_heard_only_from_them()
    {
        var (inside, insideClient) = await OnSocket(("Cti:AllowedNetworks:main", "10.0.0.0/8, 127.0.0.1"));
        await using (inside)
        {
            Assert.Equal(HttpStatusCode.OK, await PostFrom(insideClient, "from-loopback"));
        }

        var (outside, outsideClient) = await OnSocket(("Cti:AllowedNetworks:main", "203.0.113.0/24"));
        await using (outside)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await PostFrom(outsideClient, "from-elsewhere"));
            Assert.Equal(HttpStatusCode.Forbidden, await PostFrom(outsideClient, "forged", forwardedFor: "203.0.113.9")); // no proxy trusted: the header is not believed
            Assert.Equal(HttpStatusCode.OK, (await new Pbx(outsideClient, CtiPushApp.OtherToken).NewCall("other-pbx-unrestricted")).StatusCode);
        }
    }

    [Fact]
    public async Task Forwarded_addresses_are_believed_only_from_a_configured_proxy()
    {
        var (app, client) = await OnSocket(("Cti:AllowedNetworks:main", "203.0.113.0/24"), ("Proxies:Trusted", "127.0.0.1"));
        await using (app)
        {
            Assert.Equal(HttpStatusCode.OK, await PostFrom(client, "via-proxy", forwardedFor: "203.0.113.9"));
            Assert.Equal(HttpStatusCode.Forbidden, await PostFrom(client, "via-proxy-from-elsewhere", forwardedFor: "198.51.100.1"));
        }
    }

    [Fact]
    public async Task Every_route_limits_its_body_and_answers_413_with_a_problem()
    {
        var (app, _) = await OnSocket();
        await using (app)
        {
            var admin = app.CreateAdminClient();
            var huge = new string('x', 2 * 1024 * 1024);
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Post, "/api/v1/rules/blocked"), (HttpMethod.Post, "/api/v1/contacts"), (HttpMethod.Put, "/api/v1/rules/default-caller-id"),
                (HttpMethod.Post, "/api/v1/session"), (HttpMethod.Post, "/api/v1/rules/evaluate"), (HttpMethod.Patch, "/api/v1/calls/1"),
            })
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent($$"""{"note":"{{huge}}"}""", Encoding.UTF8, "application/json") };
                using var response = await admin.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{method} {path}: {(int)response.StatusCode}");
            }
            await Pbx.Problem(new Pbx(app.CreateClient()).Post($"event=newCall&callId=big&x={new string('x', 100_000)}"), 413);

            // The phonebook import takes files up to 20 MiB.
            var csv = new StringBuilder("name,number\n");
            for (var i = 0; csv.Length < 1_200_000; i++) // over the 1 MiB of other routes, in few rows
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Bulk contact {i} {new string('n', 180)},+49 30 7{i:D7}\n");
            }
            using var import = await admin.PostAsync("/api/v1/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }
    }
}
