using System.Net;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CtiPush.Tests.Service;

/// <summary>How the service starts, what it needs to be told, and what it shows the people who run it.</summary>
public sealed class ServiceTests
{
    [Fact]
    public async Task With_no_configuration_at_all_it_keeps_the_log_in_a_sqlite_file_in_its_data_folder()
    {
        var root = Directory.CreateTempSubdirectory("ctipush-zero-config").FullName;
        await using var app = new BareApp { ContentRoot = root };

        await Pbx.Ok(new Pbx(app.CreateClient()).NewCall("zero-config"));

        Assert.True(File.Exists(Path.Combine(root, "data", "ctipush.db")));
        Assert.NotNull(await app.FindCall("zero-config"));
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
    [InlineData("0123456789abcde", "Cti:Tokens:main is shorter than 16 characters")]
    [InlineData("", "Cti:Tokens:main is empty")]
    [InlineData(null, "No PBX token is configured")]
    public async Task Production_refuses_to_start_without_a_token_of_at_least_16_characters(string? token, string reason)
    {
        await using var app = new SqliteApp { Environment = "Production" };
        foreach (var pbx in app.Settings.Keys.Where(k => k.StartsWith("Cti:")).ToList())
        {
            app.Settings.Remove(pbx);
        }
        if (token is not null)
        {
            app.Settings["Cti:Tokens:main"] = token;
        }

        var refusal = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Flatten(refusal).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, refusal.ToString());
        Assert.Contains(reason, validation.Message);
        if (token is { Length: > 0 })
        {
            Assert.DoesNotContain(token, validation.Message);
        }
    }

    [Theory]
    [InlineData("0123456789abcde", "Admin:ApiKey is shorter than 16 characters")]
    [InlineData(null, "No admin key is configured")]
    public async Task Production_refuses_to_start_without_an_admin_key_of_at_least_16_characters(string? key, string reason)
    {
        await using var app = new SqliteApp { Environment = "Production" };
        app.Settings.Remove("Admin:ApiKey");
        if (key is not null)
        {
            app.Settings["Admin:ApiKey"] = key;
        }

        var refusal = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Flatten(refusal).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, refusal.ToString());
        Assert.Contains(reason, validation.Message);
        if (key is not null)
        {
            Assert.DoesNotContain(key, validation.Message);
        }
    }

    [Theory]
    [InlineData("Cti:Formats:main", "xml", "Cti:Formats:main must be json or sipgate")]
    [InlineData("Cti:Formats:nobody", "json", "Cti:Formats:nobody names no PBX")]
    [InlineData("Cti:DefaultRegion", "XX", "not a region")]
    public async Task A_setting_with_a_value_it_cannot_have_is_refused_at_start(string setting, string value, string reason)
    {
        await using var app = new SqliteApp();
        app.Settings[setting] = value;

        var refusal = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Flatten(refusal), e => e.Message.Contains(reason));
    }

    [Fact]
    public async Task A_pbx_name_longer_than_the_source_column_is_refused_at_start()
    {
        await using var app = new SqliteApp();
        app.Settings["Cti:Tokens:" + new string('n', 101)] = "a-long-enough-token-123";

        var refusal = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Flatten(refusal).OfType<OptionsValidationException>(), e => e.Message.Contains("longer than 100 characters"));
    }

    [Fact]
    public async Task Swagger_documents_the_push_endpoint_as_a_form_with_an_example_per_event_and_every_response()
    {
        await using var app = new SqliteApp();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var push = document.GetProperty("paths").GetProperty("/api/v1/cti/{token}").GetProperty("post");
        var form = push.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded");
        Assert.Equal(["newCall", "answer", "hangup"], form.GetProperty("examples").EnumerateObject().Select(e => e.Name));
        Assert.Equal("Alice", form.GetProperty("examples").GetProperty("newCall").GetProperty("value").GetProperty("user[]")[0].GetString());
        Assert.Equal(["200", "401", "413", "415", "422"], push.GetProperty("responses").EnumerateObject().Select(r => r.Name));
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
    public async Task Ready_fails_while_the_database_cannot_be_reached_but_live_does_not()
    {
        await using var app = new SqliteApp();
        app.Settings["Database:Provider"] = "Postgres";
        app.Settings["Database:MigrateOnStartup"] = "false";
        app.Settings["ConnectionStrings:CtiPush"] = "Host=127.0.0.1;Port=1;Timeout=2;Database=none";
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten)
            : exception.InnerException is { } inner ? [exception, .. Flatten(inner)] : [exception];

    /// <summary>Only the PBX tokens are given: no database settings of any kind.</summary>
    private sealed class BareApp : CtiPushApp;
}
