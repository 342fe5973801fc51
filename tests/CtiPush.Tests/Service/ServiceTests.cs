using System.Net;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Service;

/// <summary>How the service starts, what it needs to be told, and what it shows the people who run it.</summary>
public sealed class ServiceTests
{
    [Fact]
    public async Task With_no_configuration_at_all_it_keeps_the_log_in_a_sqlite_file_in_its_data_folder()
    {
        // As `dotnet run` finds it: the shipped appsettings files and nothing else (no tokens, key or database set).
        var root = Directory.CreateTempSubdirectory("ctipush-zero-config").FullName;
        foreach (var shipped in new[] { "appsettings.json", "appsettings.Development.json" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, shipped), Path.Combine(root, shipped));
        }
        await using var app = new BareApp { ContentRoot = root, Environment = "Development" };
        app.Settings.Clear();

        await Pbx.Ok(new Pbx(app.CreateClient(), "dev-token").NewCall("zero-config"));

        Assert.True(File.Exists(Path.Combine(root, "data", "ctipush.db")));
        Assert.NotNull(await app.FindCall("zero-config", "dev"));
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", "dev-admin-key");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/calls?callId=zero-config")).StatusCode);
    }

    [Fact]
    public async Task Development_ships_the_documented_dev_token()
    {
        await using var app = new SqliteApp { Environment = "Development" };
        app.Settings.Remove("Cti:Tokens:main");
        app.Settings.Remove("Cti:Tokens:other");

        await Pbx.Ok(new Pbx(app.CreateClient(), "dev-token").NewCall("dev"));
        Assert.NotNull(await app.FindCall("dev", "dev"));
    }

    [Theory]
    [InlineData("Cti__Tokens__main", "0123456789abcde", "Cti:Tokens:main is shorter than 16 characters.")]
    [InlineData("Cti__Tokens__main", "", "Cti:Tokens:main is empty.")]
    [InlineData("Admin__ApiKey", "0123456789abcde", "Admin:ApiKey is shorter than 16 characters.")]
    [InlineData("Admin__ApiKey", "", "No admin key and no admin account")]
    [InlineData("Cti__Formats__main", "xml", "Cti:Formats:main must be json, sipgate or placetel.")]
    [InlineData("Cti__Formats__nobody", "json", "Cti:Formats:nobody names no PBX of Cti:Tokens.")]
    [InlineData("Cti__Formats__main", "sipgate", "Cti:Formats:main is sipgate, whose answers point back at this service: set Cti:PublicBaseUrl")]
    [InlineData("Cti__Signatures__main__Scheme", "rsa", "Cti:Signatures:main:Scheme must be hmac-sha256 or sipgate-rsa.")]
    [InlineData("Cti__PublicBaseUrl", "cti.example.com", "Cti:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Cti__PublicBaseUrl", "https://cti.example.com/?x=1", "Cti:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Cti__DefaultRegion", "XX", "'XX' is not a region")]
    [InlineData("DataProtection__CertificatePath", "", "DataProtection:CertificatePath is required outside Development")]
    [InlineData("DataProtection__CertificatePath", "/nowhere/keys.pfx", "DataProtection:CertificatePath (/nowhere/keys.pfx) cannot be loaded as a PKCS#12 file")]
    [InlineData("DataProtection__CertificatePassword", "not-the-certificates-password", "cannot be loaded as a PKCS#12 file with DataProtection:CertificatePassword")]
    public async Task Production_refuses_to_start_with_a_missing_short_or_impossible_setting_and_says_which_in_one_line(
        string variable, string value, string reason)
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string> { [variable] = value });

        Assert.NotEqual(0, exitCode);
        Assert.Contains(reason, error);
        if (value.Length > 0 && variable is "Cti__Tokens__main" or "Admin__ApiKey" or "DataProtection__CertificatePassword")
        {
            Assert.DoesNotContain(value, error); // a secret, even a bad one, is never echoed
        }
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----")]
    public async Task A_sipgate_signature_key_that_is_not_a_pem_public_key_refuses_the_start_in_one_line(string pem)
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string>
        {
            ["Cti__Signatures__main__Scheme"] = "sipgate-rsa",
            ["Cti__Signatures__main__PublicKey"] = pem,
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CtiPush cannot start: Cti:Signatures:main:PublicKey is not an RSA public key in PEM", line);
    }

    [Fact]
    public async Task The_refusal_comes_first_as_one_line_naming_the_setting()
    {
        var (_, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string> { ["Admin__ApiKey"] = "short-key" });

        Assert.StartsWith("CtiPush cannot start: Admin:ApiKey is shorter than 16 characters.", error.TrimStart());
        Assert.DoesNotContain("short-key", error);
    }

    [Fact]
    public async Task A_pbx_name_longer_than_the_source_column_is_refused_at_start()
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(
            new Dictionary<string, string> { ["Cti__Tokens__" + new string('n', 101)] = "a-long-enough-token-123" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("longer than 100 characters", error);
    }

    [Fact]
    public async Task Without_a_certificate_for_the_cookie_keys_production_refuses_in_one_line_naming_the_setting()
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string>
        {
            ["DataProtection__CertificatePath"] = KeyCertificate.Path,
            ["DataProtection__CertificatePassword"] = "a-wrong-password-never-shown",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CtiPush cannot start: DataProtection:CertificatePath (", line);
        Assert.Contains("DataProtection:CertificatePassword", line);
        Assert.DoesNotContain("a-wrong-password-never-shown", line);
        Assert.DoesNotContain(KeyCertificate.Password, line);
    }

    [Fact]
    public async Task Swagger_documents_the_push_endpoint_as_a_form_with_an_example_per_event_and_every_response()
    {
        await using var app = new SqliteApp();
        app.Settings["OpenApi:Enabled"] = "true";
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var push = document.GetProperty("paths").GetProperty("/api/v1/cti/{token}").GetProperty("post");
        var form = push.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded");
        Assert.Equal(["newCall", "answer", "hangup"], form.GetProperty("examples").EnumerateObject().Select(e => e.Name));
        Assert.Equal("Alice", form.GetProperty("examples").GetProperty("newCall").GetProperty("value").GetProperty("user[]")[0].GetString());
        Assert.Equal(["200", "401", "403", "408", "413", "415", "422", "429", "503"], push.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        var answers = push.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        Assert.Equal(["nothing", "reject", "dial"], answers.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Health_is_live_and_ready_when_the_database_answers()
    {
        await using var app = new SqliteApp();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Production_refuses_to_start_when_the_database_does_not_answer_within_the_wait_and_says_so_in_one_line()
    {
        var (exitCode, error) = await ServiceProcess.StartExpectingRefusal(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CtiPush"] = "Host=127.0.0.1;Port=1;Database=ctipush;Password=not-to-be-shown",
            ["Database__StartupWaitSeconds"] = "2",
        });

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("CtiPush cannot start: the database (Postgres at tcp://127.0.0.1:1) did not answer within 2 s:", error.TrimStart());
        Assert.Contains("Check ConnectionStrings:CtiPush", error);
        Assert.DoesNotContain("not-to-be-shown", error);
    }

    /// <summary>An app whose settings the test clears: only what the content root ships configures it.</summary>
    private sealed class BareApp : CtiPushApp;
}
