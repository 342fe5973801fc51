using System.Net;
using System.Text.Json;
using CtiPush.People;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CtiPush.Tests.People;

/// <summary>
/// Single sign-on end to end: a real OpenID Connect provider (oidc-provider, run by Node.js on loopback), the service
/// on a real socket, and headless Chromium clicking through the page, the provider's login and consent forms and back.
/// The provider is on <c>localhost</c> and the service on <c>127.0.0.1</c>, so they are different sites to the browser,
/// as they are in production. The provider refuses a client without PKCE.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string AgentsGroup = "ctipush-agents";
    private const string AdminsGroup = "ctipush-admins";

    private readonly Dictionary<string, OidcPerson> people = new()
    {
        ["alice"] = new("alice-password-1", "Alice Example", "alice@example.test", ["staff", AgentsGroup]),
        ["mallory"] = new("mallory-password-1", "Mallory Outsider", "mallory@example.test", ["staff"]),
        ["bob"] = new("bob-password-1", "Bob Builder", "bob@example.test", ["support"]),
    };

    private OnTheClock? app;
    private OidcProvider? provider;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string baseUrl = "";

    private OnTheClock App => app!;
    private OidcProvider Provider => provider!;

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
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// The provider, then the service configured for it on a port chosen first (the provider must know the redirect URI).
    /// Between letting the port go and binding it, another process on a busy machine can take it: then both start again on another.
    /// </summary>
    private async Task Start(bool autoCreate = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnAFreePort(autoCreate);
                return;
            }
            catch (IOException taken) when (attempt < 3 && taken.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await DisposeServers();
            }
        }
    }

    private async Task StartOnAFreePort(bool autoCreate)
    {
        // The port stays held while the provider starts (it takes a free port of its own), and is let go just before
        // the service binds it: only then can nothing else be handed it in between.
        var reserved = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        reserved.Start();
        var port = ((IPEndPoint)reserved.LocalEndpoint).Port;
        baseUrl = $"http://127.0.0.1:{port}";
        try
        {
            provider = await OidcProvider.StartAsync($"{baseUrl}{SingleSignOn.CallbackPath}", people);
        }
        finally
        {
            reserved.Stop();
        }
        app = new OnTheClock();
        app.Settings["Auth:Oidc:Authority"] = provider.Issuer;
        app.Settings["Auth:Oidc:ClientId"] = OidcProvider.ClientId;
        app.Settings["Auth:Oidc:ClientSecret"] = OidcProvider.ClientSecret;
        app.Settings["Auth:Oidc:Scopes"] = "openid profile email groups";
        app.Settings["Auth:Oidc:RoleClaim"] = "groups";
        app.Settings["Auth:Oidc:Roles:admin"] = AdminsGroup; // one value
        app.Settings["Auth:Oidc:Roles:agent:0"] = AgentsGroup; // or a list
        app.Settings["Auth:Oidc:Roles:agent:1"] = "support";
        app.Settings["Auth:Oidc:AutoCreate"] = autoCreate ? "true" : "false";
        app.Settings["Auth:Oidc:DisplayName"] = "Test IdP";
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await DisposeServers();
    }

    private async Task DisposeServers()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
        if (provider is not null)
        {
            await provider.DisposeAsync();
            provider = null;
        }
    }

    /// <summary>A fresh browser (no cookies) on the page; it may reach loopback only.</summary>
    private async Task<IPage> NewBrowser()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        await context.RouteAsync(url => !new Uri(url).IsLoopback, route => route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>
    /// From the page's sign-in, "Sign in with Test IdP", the provider's login and consent forms, and back.
    /// Answers the status of the service's answer at the callback: a redirect to the page, or a refusal.
    /// </summary>
    private async Task<int> SignInAtTheProvider(IPage page, string login)
    {
        await page.GotoAsync("/");
        var link = page.Locator("#sso-link");
        await Assertions.Expect(link).ToHaveTextAsync("Sign in with Test IdP");
        await link.ClickAsync();
        await AtTheProvider(page);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", people[login].Password);
        var back = page.WaitForResponseAsync(response => response.Url.StartsWith(baseUrl + SingleSignOn.CallbackPath, StringComparison.Ordinal));
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("button:has-text('Allow')"); // consent to the scopes: asked in every fresh browser, as the grant is per provider session
        return (await back).Status;
    }

    /// <summary>
    /// Until the browser is on the provider's login page: the service's challenge, its first fetch of the provider's
    /// discovery document and the provider's redirect. Both servers are cold here, on a machine the whole suite keeps
    /// busy, so this wait is longer than the page's; where it still ends, the failure says where the browser was.
    /// </summary>
    private async Task AtTheProvider(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(Provider.Issuer + "/interaction/", StringComparison.Ordinal),
                new PageWaitForURLOptions { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The browser did not reach the provider's login page; it is at {page.Url}, showing: "
                + $"{await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 })}{Environment.NewLine}"
                + $"The provider said: {Provider.Output}");
        }
    }

    /// <summary>GET /api/v1/session as the page's own script would fetch it: the status and the answer.</summary>
    private static async Task<(int Status, JsonElement Body)> SessionSeenBy(IPage page)
    {
        var answer = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
              return { status: response.status, body: await response.text() };
            }
            """);
        var body = answer.GetProperty("body").GetString()!;
        return (answer.GetProperty("status").GetInt32(), body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }

    private Task<Person?> PersonNamed(string userName) =>
        App.InDatabase(db => db.Set<Person>().AsNoTracking().SingleOrDefaultAsync(p => p.UserName == userName));

    [Fact]
    public async Task Someone_in_a_mapped_group_signs_in_at_the_provider_lands_on_the_page_in_that_role_and_signs_out()
    {
        await Start();
        var page = await NewBrowser();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#sso-link")).ToBeVisibleAsync();
        await Screenshot(page, "sign-in-with-single-sign-on");

        Assert.Equal(302, await SignInAtTheProvider(page, "alice"));

        await page.WaitForURLAsync(baseUrl + "/");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        var (status, session) = await SessionSeenBy(page);
        Assert.Equal(200, status);
        Assert.Equal("alice", session.GetProperty("userName").GetString());
        Assert.Equal("Alice Example", session.GetProperty("displayName").GetString());
        Assert.Equal("agent", session.GetProperty("role").GetString());
        await Screenshot(page, "single-sign-on");

        // The session is CtiPush's own, server-side: the handler's correlation and nonce cookies are gone.
        var cookies = await page.Context.CookiesAsync([baseUrl]);
        Assert.Equal(new[] { Sessions.CookieName }, cookies.Select(c => c.Name));

        // The account was made at the first sign-in, linked to the provider's subject, with no password.
        var alice = await PersonNamed("alice");
        Assert.NotNull(alice);
        Assert.Equal($"{Provider.Issuer}|alice", alice.ExternalSubject);
        Assert.Equal(PersonRole.Agent, alice.Role);
        Assert.Equal("alice@example.test", alice.Email);
        Assert.Null(alice.PasswordHash);
        var audit = (await new AdminApi(App.CreateAdminClient()).Get("/api/v1/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "user.create"
            && e.GetProperty("actor").GetString() == "single sign-on" && e.GetProperty("target").GetString() == $"user {alice.Id} (alice, agent)");

        await page.ClickAsync("#signout");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.Equal(401, (await SessionSeenBy(page)).Status);
    }

    [Fact]
    public async Task Someone_in_no_mapped_group_is_refused_with_a_403_and_gets_no_account()
    {
        await Start();
        var page = await NewBrowser();

        Assert.Equal(403, await SignInAtTheProvider(page, "mallory"));

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Single sign-on refused");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("none of the groups that have a role in CtiPush");
        Assert.Null(await PersonNamed("mallory"));
        Assert.Equal(401, (await SessionSeenBy(page)).Status);
        Assert.DoesNotContain(await page.Context.CookiesAsync([baseUrl]), c => c.Name == Sessions.CookieName);
    }

    [Fact]
    public async Task Cancelling_at_the_provider_comes_back_as_a_401_that_says_to_start_again()
    {
        await Start();
        var page = await NewBrowser();
        await page.GotoAsync("/");
        await page.ClickAsync("#sso-link");
        await AtTheProvider(page);
        var back = page.WaitForResponseAsync(response => response.Url.StartsWith(baseUrl + SingleSignOn.CallbackPath, StringComparison.Ordinal));

        await page.ClickAsync("text=Cancel");

        Assert.Equal(401, (await back).Status);
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("The sign-in with Test IdP did not complete");
        Assert.Equal(401, (await SessionSeenBy(page)).Status);
    }

    [Fact]
    public async Task A_new_group_at_the_provider_is_the_new_role_at_the_next_sign_in_and_ends_the_older_sessions()
    {
        await Start();
        var atWork = await NewBrowser();
        Assert.Equal(302, await SignInAtTheProvider(atWork, "alice"));
        await Assertions.Expect(atWork.Locator("#app")).ToBeVisibleAsync();
        Assert.Equal("agent", (await SessionSeenBy(atWork)).Body.GetProperty("role").GetString());

        people["alice"] = people["alice"] with { Groups = ["staff", AgentsGroup, AdminsGroup] };
        Provider.SetPeople(people);
        var atHome = await NewBrowser();
        Assert.Equal(302, await SignInAtTheProvider(atHome, "alice"));
        await Assertions.Expect(atHome.Locator("#app")).ToBeVisibleAsync();

        Assert.Equal("admin", (await SessionSeenBy(atHome)).Body.GetProperty("role").GetString());
        Assert.Equal(401, (await SessionSeenBy(atWork)).Status); // the role changed: the older session is over
        Assert.Equal(PersonRole.Admin, (await PersonNamed("alice"))!.Role);
        Assert.Single(await App.InDatabase(db => db.Set<Person>().AsNoTracking().Where(p => p.UserName == "alice").ToListAsync()));
    }

    [Fact]
    public async Task Without_auto_create_only_an_existing_enabled_account_may_sign_in_and_it_is_linked_by_its_user_name()
    {
        await Start(autoCreate: false);
        var admin = new AdminApi(App.CreateAdminClient());
        var created = await admin.Post("/api/v1/users", new { userName = "alice", displayName = "Alice (desk 4)", role = "viewer" });

        // bob is in a mapped group, but has no account.
        var stranger = await NewBrowser();
        Assert.Equal(403, await SignInAtTheProvider(stranger, "bob"));
        await Assertions.Expect(stranger.Locator("body")).ToContainTextAsync("There is no CtiPush account for you");
        Assert.Null(await PersonNamed("bob"));

        // alice's account is linked at her first sign-in, and takes the role of her group.
        var page = await NewBrowser();
        Assert.Equal(302, await SignInAtTheProvider(page, "alice"));
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        var session = (await SessionSeenBy(page)).Body;
        Assert.Equal("Alice (desk 4)", session.GetProperty("displayName").GetString());
        Assert.Equal("agent", session.GetProperty("role").GetString());
        Assert.Equal($"{Provider.Issuer}|alice", (await PersonNamed("alice"))!.ExternalSubject);

        // Disabled, she is refused, by the provider's word or not.
        await admin.Put($"/api/v1/users/{created.Id()}", new { userName = "alice", displayName = "Alice (desk 4)", role = "agent", enabled = false });
        Assert.Equal(401, (await SessionSeenBy(page)).Status);
        var again = await NewBrowser();
        Assert.Equal(403, await SignInAtTheProvider(again, "alice"));
        await Assertions.Expect(again.Locator("body")).ToContainTextAsync("Your CtiPush account is disabled.");
    }

    /// <summary>
    /// The service on the real clock: the browser drops cookies that expired by its own clock (the correlation cookie's
    /// 15 minutes, counted from the app's clock), and the provider stamps its tokens with the machine's time.
    /// </summary>
    private sealed class OnTheClock : SqliteApp
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(TimeProvider.System));
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
