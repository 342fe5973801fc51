using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>
/// A page of the same site attacks a signed-in admin: served by the test from another port of the service's host
/// (same site, another origin, so the browser sends even the SameSite=Strict session cookie along), it makes the
/// browser post CSV to the phonebook import with <c>no-cors</c> fetches and a self-submitting <c>text/plain</c> form,
/// the requests a page may send to another origin without asking. None carries the session's anti-forgery token.
/// </summary>
public sealed class CrossSitePageTests : BrowserTest
{
    [Fact]
    public async Task A_page_on_another_port_cannot_make_a_signed_in_admins_browser_import_contacts()
    {
        var (_, adminName) = await Team.Add("admin");
        await SignIn(adminName);
        var service = App.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var attacker = AttackerSite.Start(AttackPage(service));
        Assert.Equal(new Uri(service).Host, new Uri(attacker.Address).Host); // the same site: only the port differs

        var sent = new ConcurrentQueue<(string Method, string Url, string ContentType, int Status)>();
        Page.Context.Response += (_, response) =>
        {
            if (response.Url.StartsWith(service + "/api/v1/contacts", StringComparison.Ordinal))
            {
                sent.Enqueue((response.Request.Method, response.Url, response.Request.Headers.GetValueOrDefault("content-type", ""), response.Status));
            }
        };

        var victim = await Page.Context.NewPageAsync();
        victim.SetDefaultTimeout((float)Eventually.Bound.TotalMilliseconds); // a busy machine: the attack runs on its own pace
        await victim.GotoAsync(attacker.Address);
        // Two fetches, then the form, whose answer replaces the attacker's page.
        await Eventually.Until(() => Task.FromResult(sent.Count >= 3), "the attack's three requests to be answered", detail: () => string.Join("\n", sent));

        // 403, not 401: the browser did send the session cookie (without it the answer is 401), and the missing
        // anti-forgery token is what refused each request.
        var requests = sent.ToList();
        Assert.All(requests, request =>
        {
            Assert.Equal(("POST", service + "/api/v1/contacts/import"), (request.Method, request.Url));
            Assert.True(request.Status == 403, $"{request}: expected 403");
        });
        Assert.Equal(["multipart/form-data", "text/plain", "text/plain"], requests.Select(r => r.ContentType.Split(';')[0]).Order(StringComparer.Ordinal));
        await Screenshot("cross-site-import", victim);

        Assert.Equal(0, (await Admin.Get("/api/v1/contacts?q=Mallory")).GetProperty("total").GetInt32());
        await Assertions.Expect(Page.Locator("#who")).ToBeVisibleAsync(); // the admin is still signed in, and may import
    }

    /// <summary>What another page may send to the import without a preflight: text and a multipart form by fetch; then a text form.</summary>
    private static string AttackPage(string service) => $$"""
        <!doctype html>
        <html><head><title>Cheap flights</title></head><body>
        <form id="plain" method="POST" enctype="text/plain" action="{{service}}/api/v1/contacts/import">
          <input type="hidden" name="name,number&#10;Mallory Form,+49 30 7777704&#10;x" value="">
        </form>
        <script>
          (async () => {
            const target = "{{service}}";
            const csv = "name,number\nMallory Text,+49 30 7777701\n";
            const file = new FormData();
            file.append("file", new Blob(["name,number\nMallory Multipart,+49 30 7777702\n"], { type: "text/csv" }), "contacts.csv");
            await Promise.allSettled([
              fetch(target + "/api/v1/contacts/import", { mode: "no-cors", credentials: "include", method: "POST", body: csv }),
              fetch(target + "/api/v1/contacts/import", { mode: "no-cors", credentials: "include", method: "POST", body: file }),
            ]);
            document.getElementById("plain").submit();
          })();
        </script>
        </body></html>
        """;

    /// <summary>The attacker's web server: one page, on a free port of the loopback address the service listens on.</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly byte[] page;

        private AttackerSite(string html, int port)
        {
            page = Encoding.UTF8.GetBytes(html);
            Address = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Address);
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public static AttackerSite Start(string html)
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new AttackerSite(html, port);
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(page);
                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }
}
