using System.Net;
using System.Net.Http.Json;
using System.Text;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Hardening;

/// <summary>Guessing secrets, posting from where a PBX is not, forging bodies, sending too much.</summary>
public sealed class AbuseTests
{
    private const string PlacetelSecret = "placetel-signing-secret-0123";

    [Fact]
    public async Task Repeated_wrong_tokens_from_one_client_get_429_while_the_right_token_from_that_client_is_never_limited()
    {
        await using var app = new SqliteApp();
        app.Settings["RateLimits:WrongTokensPerMinute"] = "5";
        var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/v1/cti/guess-{i}", Form.UrlEncoded("event=newCall&callId=x"))).StatusCode);
        }
        using var limited = await client.PostAsync("/api/v1/cti/guess-6", Form.UrlEncoded("event=newCall&callId=x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many failed attempts", await limited.Content.ReadAsStringAsync());

        var pbx = new Pbx(client);
        for (var i = 0; i < 50; i++) // ten times the limit, from the client that is being limited
        {
            await Pbx.Ok(pbx.NewCall($"not-limited-{i}"));
        }
        await Problems.Expect(client.PostAsync("/api/v1/cti/guess-7", Form.UrlEncoded("event=newCall&callId=x")), 429); // still limited for guessing
    }

    [Fact]
    public async Task Wrong_bearer_keys_from_one_address_get_429_after_the_limit_while_a_right_key_from_another_address_works()
    {
        var (app, client) = await OnSocket(("RateLimits:FailedAuthenticationsPerMinute", "10"), ("Proxies:Trusted", "127.0.0.1"));
        await using (app)
        {
            const string Guesser = "203.0.113.7", Admin = "198.51.100.20";
            var statuses = new List<int>();
            for (var i = 0; i < 60; i++)
            {
                using var guess = await client.SendAsync(From(Guesser, HttpMethod.Get, "/api/v1/calls", bearer: i % 2 == 0 ? $"guessed-key-{i:D4}-0123456789" : $"ctp_guessed-token-{i:D4}"));
                statuses.Add((int)guess.StatusCode);
                if (guess.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.True(int.Parse(guess.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
                    Problems.Check(guess, await guess.Content.ReadAsStringAsync(), 429);
                }
            }
            Assert.Equal([.. Enumerable.Repeat(401, 10), .. Enumerable.Repeat(429, 50)], statuses);

            await Problems.Expect(client.SendAsync(From(Guesser, HttpMethod.Get, "/api/v1/calls", bearer: CtiPushApp.AdminKey)), 429); // the right key too, from there
            using (var elsewhere = await client.SendAsync(From(Admin, HttpMethod.Get, "/api/v1/calls", bearer: CtiPushApp.AdminKey)))
            {
                Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
            }
            await Problems.Expect(client.SendAsync(From(Guesser, HttpMethod.Post, "/api/v1/session", json: new { key = CtiPushApp.AdminKey })), 429); // one limit for every way in

            var warnings = app.Logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal)).ToList();
            Assert.Contains(warnings, line => line.Contains(Guesser, StringComparison.Ordinal) && line.Contains("bearer", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("guessed-", StringComparison.Ordinal) || line.Contains(CtiPushApp.AdminKey, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Only_failed_authentications_count_so_right_sign_ins_and_keys_are_never_limited()
    {
        await using var app = new SqliteApp();
        app.Settings["RateLimits:FailedAuthenticationsPerMinute"] = "3";
        var team = new Team(app);
        var (_, userName) = await team.Add("agent");
        var client = app.CreateClient();

        for (var i = 0; i < 20; i++) // each far over the limit, all from the one address a test server has
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Team.Password })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.CreateAdminClient().GetAsync("/api/v1/rules/blocked")).StatusCode);
        }

        // Three failures, one of each kind: a wrong key at sign-in, a wrong password, a wrong bearer key.
        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { key = "guessed-key-0123456789" }), 401);
        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { userName, password = "guessed-password" }), 401);
        await Problems.Expect(team.WithBearer("guessed-key-9876543210").GetAsync("/api/v1/calls"), 401);

        using var refused = await client.PostAsJsonAsync("/api/v1/session", new { userName, password = Team.Password });
        Problems.Check(refused, await refused.Content.ReadAsStringAsync(), 429);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        await Problems.Expect(app.CreateAdminClient().GetAsync("/api/v1/rules/blocked"), 429);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode); // what needs no credentials stays open
    }

    [Fact]
    public async Task The_former_setting_RateLimits_SignInsPerMinute_still_sets_the_limit_when_the_new_name_is_not_set()
    {
        await using var app = new SqliteApp();
        app.Settings.Remove("RateLimits:FailedAuthenticationsPerMinute");
        app.Settings["RateLimits:SignInsPerMinute"] = "2";
        var client = app.CreateClient();

        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { key = "guessed-key-0123456789" }), 401);
        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { key = "guessed-key-0123456789" }), 401);
        await Problems.Expect(client.PostAsJsonAsync("/api/v1/session", new { key = CtiPushApp.AdminKey }), 429);
    }

    private static HttpRequestMessage From(string address, HttpMethod method, string path, string? bearer = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Add("X-Forwarded-For", address);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return request;
    }

    [Fact]
    public async Task A_pbx_with_a_signing_secret_must_sign_each_body_with_hmac_sha256_and_others_need_not()
    {
        await using var app = new SqliteApp();
        app.Settings["Cti:Signatures:main:Secret"] = PlacetelSecret;
        app.Settings["Cti:Signatures:main:Header"] = "X-PLACETEL-SIGNATURE";
        var pbx = new Pbx(app.CreateClient());
        const string Header = "X-PLACETEL-SIGNATURE";
        var body = Pbx.NewCallBody("signed-1", to: "4930111");
        var other = Pbx.NewCallBody("signed-2", to: "4930111");

        var unsigned = await Problems.Expect(pbx.PostSigned(body, null, Header), 401);
        Assert.Contains("must be signed", unsigned.GetProperty("error").GetString());
        await Problems.Expect(pbx.PostSigned(body, Hmac.Sign(body, "another-secret-altogether"), Header), 401);
        await Problems.Expect(pbx.PostSigned(body + "&user[]=Mallory", Hmac.Sign(body, PlacetelSecret), Header), 401); // the body was changed
        await Problems.Expect(pbx.PostSigned(body, "zz" + Hmac.Sign(body, PlacetelSecret)[2..], Header), 401);
        Assert.Null(await app.FindCall("signed-1"));

        Assert.Equal("{}", await Pbx.Ok(pbx.PostSigned(body, Hmac.Sign(body, PlacetelSecret), Header)));
        Assert.Equal("{}", await Pbx.Ok(pbx.PostSigned(other, "sha256=" + Hmac.Sign(other, PlacetelSecret).ToUpperInvariant(), Header)));
        Assert.NotNull(await app.FindCall("signed-1"));
        Assert.NotNull(await app.FindCall("signed-2"));
        await Pbx.Ok(new Pbx(app.CreateClient(), CtiPushApp.OtherToken).NewCall("unsigned-other")); // a PBX without a secret is not asked
    }

    [Fact]
    public async Task Placetels_documented_signature_example_is_accepted()
    {
        // github.com/Placetel/call-control-notify-api, README, "Our POST request": secret 12345 (short: Development only).
        await using var app = new SqliteApp { Environment = "Development" };
        app.Settings["Cti:Signatures:placetel:Secret"] = "12345";
        app.Settings["Cti:Signatures:placetel:Header"] = "X-PLACETEL-SIGNATURE";
        const string Body = "call_id=4a4cbb39578170aed9a2761a7bec8c7e704a541f52291ef603d6f5f152980c3c&event=CallAccepted&from=0123456789&to=0987654321";
        var placetel = new Pbx(app.CreateClient(), CtiPushApp.PlacetelToken);

        await Pbx.Ok(placetel.PostSigned(Body, "c4f823c5b8806432fe2b83b1fc2ee714422e0cdfb4b5129152a7d0bbcd7792d0", "X-PLACETEL-SIGNATURE"));

        Assert.NotNull(await app.FindCall("4a4cbb39578170aed9a2761a7bec8c7e704a541f52291ef603d6f5f152980c3c", "placetel"));
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

    private static HttpClient AnnouncingClient(HttpClient like)
    {
        var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) }) { BaseAddress = like.BaseAddress };
        client.DefaultRequestHeaders.Authorization = like.DefaultRequestHeaders.Authorization;
        client.DefaultRequestHeaders.ExpectContinue = true;
        return client;
    }

    private static async Task<HttpStatusCode> PostFrom(HttpClient client, string callId, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cti/{CtiPushApp.Token}") { Content = Form.UrlEncoded(Pbx.NewCallBody(callId, from: "1", to: "2")) };
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

    /// <summary>Every route that takes a body (each MapPost, MapPut and MapPatch of the service) but the push and the import: 1 MiB.</summary>
    private static readonly (string Method, string Path)[] AdminRoutesWithABody =
    [
        ("POST", "/api/v1/rules/blocked"), ("PUT", "/api/v1/rules/blocked/1"),
        ("POST", "/api/v1/rules/routes"), ("PUT", "/api/v1/rules/routes/1"),
        ("PUT", "/api/v1/rules/default-caller-id"), ("POST", "/api/v1/rules/evaluate"),
        ("POST", "/api/v1/contacts"), ("PUT", "/api/v1/contacts/1"),
        ("PATCH", "/api/v1/calls/1"), ("POST", "/api/v1/calls/done"),
        ("POST", "/api/v1/session"),
    ];

    [Fact]
    public async Task Every_route_that_takes_a_body_limits_it_and_answers_413_with_a_problem()
    {
        var (app, _) = await OnSocket();
        await using (app)
        {
            var admin = app.CreateAdminClient();
            // A refused body is announced with "Expect: 100-continue": the server answers 413 before the body is sent,
            // instead of closing the connection under an upload in progress (a broken pipe on a busy machine).
            using var announcing = AnnouncingClient(admin);
            using var anonymous = AnnouncingClient(app.CreateClient());
            var tooLarge = $$"""{"note":"{{new string('x', 2 * 1024 * 1024)}}"}""";
            foreach (var (method, path) in AdminRoutesWithABody)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(tooLarge, Encoding.UTF8, "application/json") };
                await Problems.Expect(announcing.SendAsync(request), 413);
            }

            var push = await Problems.Expect(new Pbx(anonymous).Post($"event=newCall&callId=big&x={new string('x', 100_000)}"), 413);
            Assert.Contains("64 KiB", push.Detail());
            Assert.Null(await app.FindCall("big"));

            // The phonebook import takes files up to 20 MiB: more than the 1 MiB of other routes, in few rows, is imported ...
            var csv = new StringBuilder("name,number\n");
            for (var i = 0; csv.Length < 1_200_000; i++)
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Bulk contact {i} {new string('n', 180)},+49 30 7{i:D7}\n");
            }
            using (var import = await admin.PostAsync("/api/v1/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
            {
                Assert.Equal(HttpStatusCode.OK, import.StatusCode);
            }

            // ... and a file over 20 MiB is refused, sent as the body or as a form's file.
            var huge = "name,number\n" + new string('x', 20 * 1024 * 1024);
            foreach (var file in new HttpContent[] { new StringContent(huge, Encoding.UTF8, "text/csv"), Form.Multipart("b0", [("file", "huge.csv", huge)]) })
            {
                var problem = await Problems.Expect(announcing.PostAsync("/api/v1/contacts/import", file), 413);
                Assert.Equal("File too large", problem.GetProperty("title").GetString());
                Assert.Contains("at most 20 MiB", problem.Detail());
            }
        }
    }
}
