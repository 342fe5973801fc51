using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The screen pop in Chromium with notification permission granted: a call ringing for the signed-in agent pops up
/// with the phonebook's name, as a notice and as a browser notification (recorded by wrapping <c>window.Notification</c>),
/// turns answered or missed, and opens the caller's history; another agent's call shows nothing.
/// </summary>
public sealed class ScreenPopPageTests : BrowserTest
{
    private const string Erika = "493055571600";
    private const string Stranger = "491715550202";

    /// <summary>Keeps every notification the page makes in <c>window.notificationsShown</c>, then makes it as the browser would.</summary>
    private const string RecordNotifications = """
        window.notificationsShown = [];
        const Real = window.Notification;
        window.Notification = class extends Real {
          constructor(title, options) {
            window.notificationsShown.push({ title, body: options?.body ?? "", tag: options?.tag ?? "" });
            super(title, options);
          }
          static get permission() { return Real.permission; }
          static requestPermission(...args) { return Real.requestPermission(...args); }
        };
        """;

    private ILocator Pop(string callId) => Page.Locator($"#pops li[data-call-id=\"{callId}\"]");

    private async Task<string> Rings(string forUser, string from = Erika, string direction = "in")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction, from, "4930111", $"&queue=support&user[]={forUser}"));
        return callId;
    }

    private async Task<List<(string Title, string Body, string Tag)>> Notifications() =>
        [.. (await Page.EvaluateAsync<JsonElement>("window.notificationsShown")).EnumerateArray()
            .Select(n => (n.GetProperty("title").GetString()!, n.GetProperty("body").GetString()!, n.GetProperty("tag").GetString()!))];

    [Fact]
    public async Task A_call_ringing_for_the_signed_in_agent_pops_up_with_the_phonebook_name_and_a_notification_turns_answered_or_missed_and_another_agents_call_shows_nothing()
    {
        await Page.Context.GrantPermissionsAsync(["notifications"]);
        await Page.Context.AddInitScriptAsync(RecordNotifications);
        var (_, anna) = await Team.Add("agent", "Anna Berg", ["anna"]);
        await Team.Add("agent", "Bert Kahl", ["bert"]);
        await Admin.Post("/api/v1/contacts", new { name = "Erika Mustermann", organisation = "ACME GmbH", numbers = new[] { new { number = "+49 30 5557 1600", label = "phone" } } });
        await SignIn(anna);

        var ringing = await Rings("anna");
        var pop = Pop(ringing);
        await Assertions.Expect(pop.Locator(".pop-name")).ToHaveTextAsync("Erika Mustermann");
        await Assertions.Expect(pop.Locator(".pop-status")).ToHaveTextAsync("Incoming call");
        await Assertions.Expect(pop).ToContainTextAsync("ACME GmbH");
        var display = (await Admin.Get($"/api/v1/calls?callId={ringing}")).GetProperty("items")[0].GetProperty("fromDisplay").GetString()!;
        await Assertions.Expect(pop).ToContainTextAsync(display);
        await Assertions.Expect(pop).ToContainTextAsync("Queue support");
        await Assertions.Expect(pop).ToContainTextAsync("No other call in the last 30 days");
        await Page.WaitForFunctionAsync("window.notificationsShown.length > 0");
        var (title, body, tag) = (await Notifications())[0];
        Assert.Equal("Erika Mustermann", title);
        Assert.Contains("ACME GmbH", body);
        Assert.Contains("Queue support", body);
        Assert.Equal($"ctipush-call-{await Admin.CallRowId(ringing)}", tag);
        await Screenshot("screenpop");

        // Bert's call never reaches Anna's page: her next call does, and Bert's is not there.
        var berts = await Rings("bert", from: Stranger);
        var next = await Rings("anna");
        await Assertions.Expect(Pop(next).Locator(".pop-status")).ToHaveTextAsync("Incoming call");
        await Assertions.Expect(Pop(next)).ToContainTextAsync("Called once before in the last 30 days");
        await Assertions.Expect(Pop(berts)).ToHaveCountAsync(0);
        var bertsRow = await Admin.CallRowId(berts);
        Assert.DoesNotContain(await Notifications(), n => n.Tag == $"ctipush-call-{bertsRow}" || n.Title.Contains("+49 171", StringComparison.Ordinal));

        // The notices follow the calls: one answered by Bert, the other missed (a callback opens for Erika).
        await Pbx.Ok(Pbx.Answer(ringing, "bert"));
        await Assertions.Expect(pop.Locator(".pop-status")).ToHaveTextAsync("Answered by Bert Kahl");
        await Pbx.Ok(Pbx.Hangup(next, "cancel"));
        await Assertions.Expect(Pop(next).Locator(".pop-status")).ToHaveTextAsync("Missed");
        await Assertions.Expect(Pop(next)).ToContainTextAsync("A call back is open for this caller");
        var nextTag = $"ctipush-call-{await Admin.CallRowId(next)}";
        await Page.WaitForFunctionAsync($"window.notificationsShown.some(n => n.tag === '{nextTag}' && n.body.startsWith('Missed'))");
        await Screenshot("screenpop-missed");

        // A click opens Erika's history: the call log for her number, and only hers.
        await Pop(next).Locator(".pop-open").ClickAsync();
        await Assertions.Expect(Page.Locator("#calls")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#filters input[name=number]")).ToHaveValueAsync("+" + Erika);
        await Assertions.Expect(Row(ringing)).ToBeVisibleAsync();
        await Assertions.Expect(Row(next)).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#rows tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Choosing_every_inbound_call_in_the_settings_pops_up_a_call_that_rings_for_someone_else_but_never_an_outbound_call()
    {
        var (_, anna) = await Team.Add("agent", "Anna Berg", ["anna"]);
        await SignIn(anna);
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#screenpop-form")).ToBeVisibleAsync();
        var allCalls = Page.Locator("#screenpop-form input[name=allCalls]");
        await Assertions.Expect(allCalls).Not.ToBeCheckedAsync();

        await allCalls.CheckAsync();
        await Eventually.Until(async () => (await Admin.Get("/api/v1/audit")).GetProperty("items").EnumerateArray()
            .Any(e => e.GetProperty("action").GetString() == "screenpop.update" && e.GetProperty("actor").GetString() == "Anna Berg"), "the setting stored");
        var outbound = await Rings("anna", direction: "out");
        var someoneElses = await Rings("bert", from: Stranger);

        await Assertions.Expect(Pop(someoneElses).Locator(".pop-name")).ToHaveTextAsync("+49 171 5550202");
        await Assertions.Expect(Pop(outbound)).ToHaveCountAsync(0);
        await Page.ReloadAsync();
        await Tab("settings").ClickAsync();
        await Assertions.Expect(allCalls).ToBeCheckedAsync();
        await Assertions.Expect(Pop(someoneElses)).ToBeVisibleAsync(); // still ringing: listed again after the reload
    }

    [Fact]
    public async Task A_viewer_has_no_screen_pop_and_no_setting_for_it()
    {
        var (_, viewer) = await Team.Add("viewer", "Vera Blick", ["vera"]);
        await SignIn(viewer);
        var callId = await Rings("vera");
        await Tab("settings").ClickAsync();
        await Assertions.Expect(Page.Locator("#settings-who")).ToContainTextAsync("Vera Blick");
        await Assertions.Expect(Page.Locator("#screenpop-form")).ToBeHiddenAsync();
        await Tab("calls").ClickAsync();
        await Assertions.Expect(Row(callId)).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#pops li")).ToHaveCountAsync(0);
    }
}
