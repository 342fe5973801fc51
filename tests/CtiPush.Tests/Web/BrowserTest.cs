using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// The page in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against the service on a
/// real socket, as CallLogPageTests sets it up; with people made through the admin API and signed in by password.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    protected readonly SqliteApp App = new();
    private IPlaywright? playwright;
    private IBrowser? browser;
    protected IPage Page = null!;
    protected Pbx Pbx = null!;
    protected AdminApi Admin = null!;
    protected Team Team = null!;

    /// <summary>Settings of the service for every test of the class, before it starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

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
        Configure(App.Settings);
        App.UseKestrel(0);
        App.StartServer();
        Pbx = new Pbx(App.CreateClient());
        Admin = new AdminApi(App.CreateAdminClient());
        Team = new Team(App);

        // Expect(...) waits 5 s by default: too tight on a two-core machine running the suite in parallel.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Page = await NewPage("en-US");
    }

    /// <summary>A page in a browser context of its own (cookies, storage) whose languages are <paramref name="locale"/>.</summary>
    protected async Task<IPage> NewPage(string locale)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.ClientOptions.BaseAddress.ToString(), Locale = locale });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Signs in on the page with a user name and password, and waits for the page of the signed-in.</summary>
    protected async Task SignIn(string userName, string password = Team.Password, IPage? on = null)
    {
        var page = on ?? Page;
        await page.GotoAsync("/");
        await page.FillAsync("#user-name", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
    }

    /// <summary>The call log's row of the call the PBX named <paramref name="callId"/>.</summary>
    protected ILocator Row(string callId, IPage? on = null) => (on ?? Page).Locator($"#rows tr[data-call-id=\"{callId}\"]");

    protected ILocator Tab(string view, IPage? on = null) => (on ?? Page).Locator($"button.tab[data-view={view}]");

    protected async Task Screenshot(string name, IPage? on = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await (on ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
