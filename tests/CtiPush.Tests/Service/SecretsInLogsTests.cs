using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Service;

/// <summary>The token is part of the push URL: it must not reach a log line or an error body, at any log level.</summary>
public sealed class SecretsInLogsTests
{
    private static HttpClient WithBearer(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private const string SigningSecret = "signing-secret-of-the-other-pbx";

    [Fact]
    public async Task Passwords_personal_tokens_and_their_hashes_appear_in_no_log_line_no_response_and_no_audit_entry()
    {
        await using var app = new SqliteApp();
        app.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose";
        var team = new Team(app);
        var admin = app.CreateAdminClient();
        const string FirstPassword = "first-password-of-erika";
        const string NewPassword = "second-password-of-erika";
        var bodies = new List<string>();

        using var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "erika", role = "agent", password = FirstPassword });
        bodies.Add(await created.Content.ReadAsStringAsync());
        var id = System.Text.Json.JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("id").GetInt64();
        var weak = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "weak", role = "agent", password = "tiny-pw" });
        bodies.Add(await weak.Content.ReadAsStringAsync());
        bodies.Add(await (await app.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName = "erika", password = "a-wrong-password-try" })).Content.ReadAsStringAsync());
        var signedIn = await team.SignIn("erika", FirstPassword);
        using var tokenAnswer = await signedIn.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "script", scope = "full" });
        var token = System.Text.Json.JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        bodies.Add(await (await team.WithBearer(token).GetAsync("/api/v1/calls?limit=1")).Content.ReadAsStringAsync());
        bodies.Add(await (await team.WithBearer(token + "x").GetAsync("/api/v1/calls?limit=1")).Content.ReadAsStringAsync());
        bodies.Add(await (await signedIn.Browser.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync());
        bodies.Add(await (await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { userName = "erika", role = "agent", password = NewPassword })).Content.ReadAsStringAsync());
        bodies.Add(await admin.GetStringAsync("/api/v1/audit?limit=500"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var passwordHash = await app.InDatabase(db => db.Database.SqlQueryRaw<string>("SELECT password_hash AS \"Value\" FROM people WHERE id = {0}", id).SingleAsync());

        var lines = app.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("INSERT INTO", StringComparison.Ordinal) && line.Contains("personal_tokens", StringComparison.Ordinal));
        foreach (var secret in new[] { FirstPassword, NewPassword, "tiny-pw", "a-wrong-password-try", token, token[4..], hash, passwordHash, KeyCertificate.Password })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The token in every spelling a push path may take on the wire — encoded slashes, backslashes, a leading space,
    /// another case, a near-miss prefix — and in request lines so malformed that Kestrel refuses them and, at Debug,
    /// quotes them in its exception. A token with spaces is masked whole. Sent as raw bytes: HttpClient would
    /// normalise some of them.
    /// </summary>
    [Fact]
    public async Task No_spelling_of_the_push_path_and_no_malformed_request_line_puts_a_token_in_any_log_line_or_log_file()
    {
        const string SpacedToken = "spaced pbx token 4242424242";
        const string WrongToken = "wrong-token-in-odd-paths-7777";
        var logFile = Path.Combine(Directory.CreateTempSubdirectory("ctipush-log").FullName, "log.txt");
        await using var app = new SqliteApp();
        app.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Server.Kestrel"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:System"] = "Verbose";
        // A sink an operator configures is written through the same masking as the service's own.
        app.Settings["Serilog:Using:0"] = "Serilog.Sinks.File";
        app.Settings["Serilog:WriteTo:0:Name"] = "File";
        app.Settings["Serilog:WriteTo:0:Args:path"] = logFile;
        app.Settings["Cti:Tokens:roomy"] = SpacedToken;
        app.Settings["RateLimits:WrongTokensPerMinute"] = "100000";
        app.UseKestrel(0);
        app.StartServer();
        var server = app.ClientOptions.BaseAddress;
        var body = Pbx.NewCallBody(Pbx.NewCallId());

        var answers = new List<string>();
        foreach (var token in new[] { CtiPushApp.Token, WrongToken })
        {
            foreach (var target in new[]
            {
                $"/api/v1/cti/%20{token}",
                $"/api/v1/cti%2F{token}",
                $"/api/v1/cti%2f{token}",
                $"/api%2Fv1%2Fcti%2F{token}",
                $"/api/v1/cti\\{token}",
                $"/api/v1/ctix/{token}",
                $"/API/V1/CTI/{token}",
                $"/api/v1/./cti/{token}",
                $"/api//v1//cti//{token}",
                $"/api/v1/cti/{token}?x=1",
                $"/api/v1/cti/{token}%3Fx",
                $"/api/v1/cti/{token}/more",
            })
            {
                answers.Add(await RawHttp.Send(server, $"POST {target} HTTP/1.1", body));
            }
            // Request lines Kestrel refuses as malformed: at Debug it quotes them in its exception.
            answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{token}\x01 HTTP/1.1", body));
            answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{token} HTTP/1.1 trailing", body));
            answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{token}\u00e9 HTTP/1.1", body));
        }
        answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{Uri.EscapeDataString(SpacedToken)} HTTP/1.1", body));
        answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{SpacedToken} HTTP/1.1", body)); // spaces as they are: malformed
        answers.Add(await RawHttp.Send(server, $"POST /api/v1/cti/{SpacedToken.Replace(' ', '+')} HTTP/1.1", body));
        Assert.Contains(answers, answer => answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)); // the spaced token is a right one
        Assert.Contains(answers, answer => answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal)); // some lines were refused as malformed

        await app.DisposeAsync(); // the file sink flushes as the logger is disposed
        var lines = app.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("bad request data", StringComparison.OrdinalIgnoreCase)); // Kestrel's Debug message was there
        Assert.Contains(lines, line => line.Contains("/api/v1/cti/***", StringComparison.Ordinal));
        string[] secrets = [CtiPushApp.Token, WrongToken, SpacedToken, "4242424242", "spaced pbx", "spaced%20pbx", "spaced+pbx", CtiPushApp.Token[..12], WrongToken[..12]];
        var leaks = lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines show a token:\n{string.Join("\n", leaks)}");
        var file = File.ReadAllText(logFile);
        Assert.Contains("/api/v1/cti/***", file);
        foreach (var secret in secrets)
        {
            Assert.False(file.Contains(secret, StringComparison.Ordinal), $"{secret} is in the log file:\n{file}");
        }
    }

    [Fact]
    public async Task Tokens_the_admin_key_and_signing_secrets_appear_in_no_log_line_and_no_response_even_with_every_log_level_on()
    {
        await using var app = new SqliteApp();
        app.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose";
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose";
        app.Settings["Cti:Signatures:other:Secret"] = SigningSecret;
        var client = app.CreateClient();
        var pbx = new Pbx(client);
        var signer = new Pbx(client, CtiPushApp.OtherToken);
        var wrongToken = "wrong-token-that-is-also-secret";
        var signedCall = Pbx.NewCallId();
        var signed = Pbx.NewCallBody(signedCall);

        var bodies = new List<string>
        {
            await Pbx.Ok(pbx.NewCall("secret-test")),
            await Pbx.Ok(pbx.Answer("secret-test", "Alice")),
            await Pbx.Ok(pbx.Hangup("secret-test")),
        };

        // A signed post that is accepted goes the whole way (signature, event, database, answer): its log is the fullest.
        var before = app.Logs.Lines.Count;
        bodies.Add(await Pbx.Ok(signer.PostSigned(signed, Hmac.Sign(signed, SigningSecret))));
        Assert.NotNull(await app.FindCall(signedCall, "other"));
        static bool Finished(string line) => line.Contains("Request finished", StringComparison.Ordinal)
            && line.Contains("/api/v1/cti/***", StringComparison.Ordinal) && line.Contains("StatusCode=200", StringComparison.Ordinal);
        await Eventually.Until(() => app.Logs.Lines.Skip(before).Any(Finished), "the log of the signed post to end"); // written as the answer leaves
        var signedLog = app.Logs.Lines.Skip(before).ToList();
        Assert.Contains(signedLog, line => line.Contains("INSERT INTO", StringComparison.Ordinal) && line.Contains("call_events", StringComparison.Ordinal));
        foreach (var secret in new[] { CtiPushApp.OtherToken, SigningSecret })
        {
            Assert.DoesNotContain(signedLog, line => line.Contains(secret, StringComparison.Ordinal));
        }

        foreach (var response in new[]
        {
            await pbx.Post("event=newCall"),                                   // 422
            await pbx.Post("event=newCall&callId=x", wrongToken),              // 401
            await pbx.Post($"event=newCall&callId=x&p={new string('p', 70_000)}"), // 413
            await pbx.Post(new StringContent("x", Encoding.UTF8, "text/csv")),  // 415
            await client.GetAsync($"/api/v1/cti/{CtiPushApp.Token}"),          // 405
            await client.PostAsync($"/api/v1/cti/{CtiPushApp.Token}/more", null), // 404
            await client.PostAsync($"/api/v1/cti//{CtiPushApp.Token}", null),
            await client.PostAsync($"/api/v1/cti/{CtiPushApp.Token}%3Fx", null),
            await app.CreateAdminClient().GetAsync("/api/v1/rules/blocked"),  // 200
            await WithBearer(app.CreateClient(), "wrong-admin-key-also-secret").GetAsync("/api/v1/rules/blocked"), // 401
            await signer.PostSigned(signed, Hmac.Sign(signed, "not-the-signing-secret")), // 401
        })
        {
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        var lines = app.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("/api/v1/cti/***"));
        foreach (var secret in new[] { CtiPushApp.Token, CtiPushApp.OtherToken, wrongToken, CtiPushApp.AdminKey, "wrong-admin-key-also-secret", SigningSecret })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret));
            Assert.DoesNotContain(bodies, body => body.Contains(secret));
        }
    }
}
