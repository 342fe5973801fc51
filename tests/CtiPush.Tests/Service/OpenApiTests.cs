using System.Net;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Service;

/// <summary>Swagger UI and the OpenAPI document: on in Development, off in production unless asked for, never naming a development secret.</summary>
public sealed class OpenApiTests
{
    private static readonly string[] SwaggerPaths = ["/swagger", "/swagger/index.html", "/swagger/index.js", "/swagger/v1/swagger.json"];

    [Fact]
    public async Task Production_serves_neither_swagger_ui_nor_the_document_unless_enabled()
    {
        await using var app = new SqliteApp();
        var client = app.CreateClient();

        foreach (var path in SwaggerPaths)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: expected 404, got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Enabled_in_production_swagger_ui_comes_with_the_pages_security_headers_and_names_no_development_secret()
    {
        await using var app = new SqliteApp();
        app.Settings["OpenApi:Enabled"] = "true";
        var client = app.CreateClient();

        foreach (var path in SwaggerPaths[1..])
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: expected 200, got {(int)response.StatusCode}");
            Assert.Equal(CtiPush.Infrastructure.SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        var document = await client.GetStringAsync("/swagger/v1/swagger.json");
        Assert.Contains("Admin:ApiKey", document); // the bearer scheme says where the key comes from ...
        Assert.DoesNotContain("dev-admin-key", document); // ... and names no development key outside Development
        Assert.DoesNotContain("dev-token", document);
    }

    [Fact]
    public async Task Development_serves_swagger_ui_by_default_and_a_setting_can_turn_it_off()
    {
        await using (var development = new SqliteApp { Environment = "Development" })
        {
            Assert.Equal(HttpStatusCode.OK, (await development.CreateClient().GetAsync("/swagger/index.html")).StatusCode);
        }
        await using var off = new SqliteApp { Environment = "Development" };
        off.Settings["OpenApi:Enabled"] = "false";
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/swagger/index.html")).StatusCode);
    }
}
