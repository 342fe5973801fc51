using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>The wallboard in Chromium, opened with a read-only token in its URL fragment, following calls live.</summary>
public sealed class WallboardPageTests : BrowserTest
{
    [Fact]
    public async Task The_wallboard_opened_with_a_read_only_token_shows_a_new_call_waiting_then_answered()
    {
        var viewer = await Team.SignIn((await Team.Add("viewer")).UserName);
        using var created = await viewer.Browser.PostAsJsonAsync("/api/v1/tokens", new { name = "wallboard", scope = "read" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        await Page.GotoAsync($"/wallboard#token={token}");
        await Assertions.Expect(Page.Locator("#wb-waiting")).ToHaveTextAsync("0");
        await Assertions.Expect(Page.Locator("#wb-callbacks")).ToHaveTextAsync("0");

        var callId = Pbx.NewCallId();
        var pushed = System.Diagnostics.Stopwatch.StartNew();
        await Pbx.Ok(Pbx.NewCall(callId, "in", extra: "&queue=support"));
        await Assertions.Expect(Page.Locator("#wb-waiting")).ToHaveTextAsync("1"); // within the assertion's bound, not timed
        Eventually.Report("the wallboard showed the new call after", pushed.Elapsed); // the "within a second": measured, not asserted
        await Assertions.Expect(Page.Locator("#wb-queues tr[data-queue=support] td").Nth(1)).ToHaveTextAsync("1");

        App.Time.Advance(TimeSpan.FromSeconds(8));
        await Pbx.Ok(Pbx.Answer(callId, "Alice"));
        await Assertions.Expect(Page.Locator("#wb-waiting")).ToHaveTextAsync("0");
        await Assertions.Expect(Page.Locator("#wb-talking")).ToHaveTextAsync("1");
        await Assertions.Expect(Page.Locator("#wb-answered")).ToHaveTextAsync("1");
        await Assertions.Expect(Page.Locator("#wb-service")).ToHaveTextAsync("100 %");

        var fits = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= window.innerHeight");
        Assert.True(fits);
        await Screenshot("wallboard");
    }
}
