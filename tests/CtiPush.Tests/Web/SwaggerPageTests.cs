using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>Swagger UI, switched on in production, works under the page's own content security policy.</summary>
public sealed class SwaggerPageTests : BrowserTest
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["OpenApi:Enabled"] = "true";

    [Fact]
    public async Task Swagger_ui_runs_under_the_pages_policy_with_no_script_blocked()
    {
        var violations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        var response = await Page.GotoAsync("/swagger/index.html");
        var headers = await response!.AllHeadersAsync();
        Assert.Equal(CtiPush.Infrastructure.SecurityHeaders.ContentSecurityPolicy, headers["content-security-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        await Assertions.Expect(Page.Locator(".opblock-summary-path[data-path=\"/api/v1/cti/{token}\"]")).ToBeVisibleAsync();
        await Page.ClickAsync("button.authorize");
        await Assertions.Expect(Page.Locator(".auth-container")).ToContainTextAsync("Admin:ApiKey");
        await Screenshot("swagger");

        // Swagger UI's own logo carries an inline <style> (its colours), which the policy blocks; nothing else is.
        Assert.All(violations, violation => Assert.StartsWith("Applying inline style violates", violation, StringComparison.Ordinal));
    }
}
