using CtiPush.Tests.Infrastructure;
using CtiPush.Tests.Notifications;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>The Webhooks view, as an admin uses it in Chromium: add a receiver, see its secret once, send a test event.</summary>
public sealed class WebhooksPageTests : BrowserTest
{
    protected override void Configure(Dictionary<string, string?> settings) => WebhookSettings.Apply(settings);

    [Fact]
    public async Task An_admin_adds_a_webhook_sees_its_secret_once_sends_a_test_event_and_sees_the_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, userName) = await Team.Add("admin");
        await SignIn(userName);

        await Page.Locator(".tab[data-view=webhooks]").ClickAsync();
        await Assertions.Expect(Page.Locator("#webhooks-empty")).ToHaveTextAsync("No webhooks yet.");
        await Page.FillAsync("#webhook-form input[name=url]", receiver.Url);
        await Page.SelectOptionAsync("#webhook-form select[name=format]", "slack");
        await Page.ClickAsync("#webhook-form button[type=submit]");

        var secret = Page.Locator("#webhook-secret-value");
        await Assertions.Expect(secret).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        var card = Page.Locator("#webhook-list .webhook");
        await Assertions.Expect(card.Locator("[data-field=target]")).ToHaveTextAsync(receiver.Url);
        await Assertions.Expect(card.Locator("[data-field=events]")).ToHaveTextAsync("Call missed");
        await Assertions.Expect(card.Locator("[data-field=format]")).ToHaveTextAsync("Slack");
        await Assertions.Expect(card.Locator(".delivery-rows")).ToHaveTextAsync("Nothing sent yet.");

        await card.Locator("button.test").ClickAsync();
        await Eventually.Until(() => receiver.Accepted.Count == 1, "the test event at the receiver");
        Assert.Contains("Test event from CtiPush", receiver.Requests[0].Body, StringComparison.Ordinal);
        var row = card.Locator(".delivery-rows tr").First;
        await Assertions.Expect(row.Locator("[data-field=event]")).ToHaveTextAsync("Test event", new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator("[data-field=status]")).ToHaveTextAsync("200 · delivered");
        await Assertions.Expect(row.Locator("button.retry")).ToBeHiddenAsync();

        // The secret is not shown again: another view and back, and it is gone.
        await Page.Locator(".tab[data-view=calls]").ClickAsync();
        await Page.Locator(".tab[data-view=webhooks]").ClickAsync();
        await Assertions.Expect(Page.Locator("#webhook-secret")).ToBeHiddenAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "webhooks.png"), FullPage = true });
    }
}
