using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The call log page in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against the
/// service on a real socket, as an admin uses it. Screenshots go to screenshots/ beside the test assembly.
/// </summary>
public sealed class CallLogPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly SqliteApp app = new();
    private IPlaywright? playwright;
    private IBrowser? browser;
    private IPage page = null!;
    private Pbx pbx = null!;
    private AdminApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            var reason = $"{Chromium} is not installed (apt-get install chromium)";
            if (PostgresServer.InCi)
            {
                Assert.Fail(reason + "; under CI=true the browser tests must run");
            }
            Assert.Skip(reason);
        }
        app.UseKestrel(0);
        app.StartServer();
        pbx = new Pbx(app.CreateClient());
        admin = new AdminApi(app.CreateAdminClient());

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), AcceptDownloads = true });
        page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await app.DisposeAsync();
    }

    private ILocator Row(string callId) => page.Locator($"tr:has(input[aria-label=\"Call {callId} done\"])");

    private async Task SignIn()
    {
        await page.GotoAsync("/");
        await page.FillAsync("#key", "not-the-key");
        await page.ClickAsync("#signin-form button");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("That is not the admin key.");
        await page.FillAsync("#key", CtiPushApp.AdminKey);
        await page.ClickAsync("#signin-form button");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");
    }

    [Fact]
    public async Task An_admin_signs_in_and_watches_a_call_ring_get_answered_and_end_without_reloading()
    {
        await SignIn();

        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId, "in", from: "493055571600", extra: "&user[]=Alice&queue=support"));
        await Assertions.Expect(Row(callId)).ToHaveClassAsync("ringing");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("ringing");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("+49 30 55571600");

        app.Time.Advance(TimeSpan.FromSeconds(7));
        await Pbx.Ok(pbx.Answer(callId, "Alice"));
        await Assertions.Expect(Row(callId)).ToContainTextAsync("talking");
        app.Time.Advance(TimeSpan.FromSeconds(65));
        await Pbx.Ok(pbx.Hangup(callId));
        await Assertions.Expect(Row(callId)).ToContainTextAsync("ended");
        await Assertions.Expect(Row(callId)).ToContainTextAsync("1 min 5 s");
        await Assertions.Expect(Row(callId)).Not.ToHaveClassAsync("ringing");

        await Screenshot("call-log");
    }

    [Fact]
    public async Task A_cause_spelt_otherwise_than_its_normalised_cause_shows_both_in_the_log()
    {
        var asterisk = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(asterisk, "in", from: "4930111222"));
        await Pbx.Ok(pbx.Hangup(asterisk, "NOANSWER"));
        var protocol = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(protocol, "in", from: "4930111333"));
        await Pbx.Ok(pbx.Hangup(protocol, "noAnswer"));
        await SignIn();

        await Assertions.Expect(Row(asterisk).Locator("[data-field=cause]")).ToHaveTextAsync("NOANSWER (noAnswer)");
        await Assertions.Expect(Row(asterisk)).ToHaveClassAsync("missed"); // missed as the protocol's noAnswer is
        await Assertions.Expect(Row(protocol).Locator("[data-field=cause]")).ToHaveTextAsync("noAnswer");

        // Live: a later hangup shows both at once.
        var live = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(live, "in", from: "4930111444"));
        await Pbx.Ok(pbx.Hangup(live, "Busy"));
        await Assertions.Expect(Row(live).Locator("[data-field=cause]")).ToHaveTextAsync("Busy (busy)");
    }

    [Fact]
    public async Task An_admin_ticks_off_a_missed_call_and_it_is_done_in_the_log()
    {
        var missed = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(missed, "in", from: "4930111222"));
        await Pbx.Ok(pbx.Hangup(missed, "cancel"));
        await SignIn();

        await Assertions.Expect(Row(missed)).ToHaveClassAsync("missed");
        await Row(missed).Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(Row(missed)).Not.ToHaveClassAsync("missed");

        var call = (await admin.Get($"/api/v1/calls?callId={missed}")).GetProperty("items")[0];
        Assert.True(call.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Filtering_shows_only_the_matching_calls_and_export_downloads_them_as_csv()
    {
        var wanted = Pbx.NewCallId();
        var other = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(wanted, "in", from: "4940777888"));
        await Pbx.Ok(pbx.NewCall(other, "out", from: "4930555", to: "4989123456"));
        await SignIn();
        await Assertions.Expect(Row(other)).ToBeVisibleAsync();

        await page.FillAsync("input[name=number]", "040 777888");
        await page.ClickAsync("#filters button[type=submit]");
        await Assertions.Expect(Row(other)).ToHaveCountAsync(0);
        await Assertions.Expect(Row(wanted)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#rows tr")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(wanted, csv);
        Assert.DoesNotContain(other, csv);
        Assert.EndsWith(".csv", download.SuggestedFilename);
    }

    [Fact]
    public async Task Under_a_number_filter_a_live_call_shows_when_its_number_is_the_same_not_when_it_only_ends_the_same()
    {
        await SignIn();
        await page.FillAsync("input[name=number]", "0171 5557777");
        await page.ClickAsync("#filters button[type=submit]");

        var endsAlike = Pbx.NewCallId();
        var same = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(endsAlike, "in", from: "49301715557777"));
        await Pbx.Ok(pbx.NewCall(same, "in", from: "491715557777"));
        await Assertions.Expect(Row(same)).ToContainTextAsync("+49 171 5557777");
        await Pbx.Ok(pbx.Hangup(endsAlike, "cancel"));
        await Pbx.Ok(pbx.Hangup(same));
        await Assertions.Expect(Row(same)).Not.ToHaveClassAsync("ringing");
        await Assertions.Expect(Row(endsAlike)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#rows tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task At_phone_width_the_log_still_fits_and_signing_out_returns_to_the_sign_in()
    {
        await page.SetViewportSizeAsync(390, 844);
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId(), "in"));
        await SignIn();
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide");
        await Screenshot("call-log-phone");

        await page.ClickAsync("#signout");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        using var response = await new HttpClient { BaseAddress = app.ClientOptions.BaseAddress }.GetAsync("/api/v1/calls");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Typing_the_key_as_soon_as_the_sign_in_shows_keeps_the_focus_in_the_key_field()
    {
        // Any second fetch of the words comes late, as on a loaded machine: a second showing of the sign-in, ending
        // then, took the focus to the user name while the key was being typed (and Playwright's fill too).
        var fetched = 0;
        await page.RouteAsync("**/i18n/en.json", async route =>
        {
            if (Interlocked.Increment(ref fetched) > 1)
            {
                await Task.Delay(1_000);
            }
            await route.ContinueAsync();
        });
        await page.GotoAsync("/");
        await page.ClickAsync("#key");
        await page.Keyboard.TypeAsync("not-");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Keyboard.TypeAsync("the-key");

        Assert.Equal("not-the-key", await page.InputValueAsync("#key"));
        Assert.Equal("", await page.InputValueAsync("#user-name"));
    }

    [Fact]
    public async Task The_page_is_served_with_a_policy_that_allows_no_inline_script_no_framing_and_no_sniffing()
    {
        var response = await page.GotoAsync("/");
        var headers = await response!.AllHeadersAsync();

        Assert.Contains("script-src 'self'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy"))
            {
                violations.Add(message.Text);
            }
        };
        await SignIn();
        Assert.Empty(violations);
    }

    [Fact]
    public async Task After_importing_a_phonebook_the_log_names_callers_whose_calls_came_in_before_it()
    {
        await SignIn();
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId, "in", from: "493055571600"));
        await Assertions.Expect(Row(callId)).ToContainTextAsync("+49 30 55571600");
        await Assertions.Expect(Row(callId).Locator(".name")).ToHaveCountAsync(0);

        await page.ClickAsync("button.tab[data-view=phonebook]");
        await page.SetInputFilesAsync("#import-form input[type=file]", new FilePayload
        {
            Name = "contacts.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("name,organisation,number,label\nUlla Vogt,Vogt & Co,030 55571600,phone\nUlla Vogt,,0171 abc,mobile\n"),
        });
        await page.ClickAsync("#import-form button[type=submit]");
        await Assertions.Expect(page.Locator("#import-summary")).ToHaveTextAsync("contacts.csv: 1 imported, 0 updated, 0 unchanged, 1 rejected.");
        await Assertions.Expect(page.Locator("#import-problems")).ToContainTextAsync("number '0171 abc' is not a phone number");
        await Assertions.Expect(page.Locator("#contact-rows tr")).ToContainTextAsync(["Ulla Vogt"]);

        await page.ClickAsync("button[aria-label='Edit Ulla Vogt']");
        await page.FillAsync("#contact-form input[name=name]", "Ulla Vogt-Weber");
        await page.ClickAsync("#add-number");
        await page.Locator("#number-rows input").Nth(1).FillAsync("0171 5557777");
        await page.Locator("#number-rows select").Nth(1).SelectOptionAsync("mobile");
        await page.ClickAsync("#contact-form button[type=submit]");
        await Assertions.Expect(page.Locator("#contact-rows")).ToContainTextAsync("+49 171 5557777 (mobile)");
        await page.FillAsync("#contact-search input[name=q]", "0171 555");
        await page.ClickAsync("#contact-search button[type=submit]");
        await Assertions.Expect(page.Locator("#contact-count")).ToHaveTextAsync("1 contact match \"0171 555\"");
        await Screenshot("phonebook");

        await page.ClickAsync("button.tab[data-view=calls]");
        await Assertions.Expect(Row(callId).Locator(".name")).ToHaveTextAsync("Ulla Vogt-Weber");
        var next = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(next, "in", from: "01715557777"));
        await Assertions.Expect(Row(next).Locator(".name")).ToHaveTextAsync("Ulla Vogt-Weber"); // live, named as it rings
    }

    private async Task Screenshot(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
