using System.Globalization;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>"What do you store about +49 30 …, and erase it": an admin answers it in the Privacy view in two clicks.</summary>
public sealed class PrivacyPageTests : BrowserTest
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["CallLog:AnonymiseAfterDays"] = "90";
    }

    [Fact]
    public async Task An_admin_looks_a_number_up_downloads_what_is_stored_and_erases_it_in_two_clicks()
    {
        var local = "5" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", "030" + local, "4930111"));
        await Pbx.Ok(Pbx.Hangup(callId, "cancel"));
        var (_, adminName) = await Team.Add("admin");
        await SignIn(adminName);

        await Tab("privacy").ClickAsync();
        await Page.FillAsync("#privacy-number", "+49 30 " + local);
        await Page.ClickAsync("#privacy-form button[type=submit]");                     // click one
        await Assertions.Expect(Page.Locator("#privacy-summary")).ToContainTextAsync("calls: 1, call backs: 1");
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#privacy-download"));
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement;
        Assert.Equal("4930" + local, exported.GetProperty("number").GetString());
        Assert.Equal(callId, exported.GetProperty("sections").GetProperty("calls")[0].GetProperty("call").GetProperty("callId").GetString());
        await Screenshot("privacy-found");

        await Page.ClickAsync("#privacy-erase");                                        // click two
        await Assertions.Expect(Page.Locator("#privacy-result")).ToContainTextAsync("calls: 1");
        await Assertions.Expect(Page.Locator("#privacy-found")).ToBeHiddenAsync();
        Assert.Equal("erased", (await App.FindCall(callId))!.FromNumber);
        await Screenshot("privacy-erased");

        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#keeping-anonymise")).ToContainTextAsync("After 90 days");
        await Assertions.Expect(Page.Locator("#keeping-retention")).ToContainTextAsync("After 365 days");
    }

    [Fact]
    public async Task An_agent_has_no_privacy_tab()
    {
        var (_, agentName) = await Team.Add("agent");
        await SignIn(agentName);
        await Assertions.Expect(Tab("settings")).ToBeVisibleAsync();
        await Assertions.Expect(Tab("privacy")).ToBeHiddenAsync();
    }
}
