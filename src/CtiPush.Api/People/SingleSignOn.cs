using System.Security.Claims;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CtiPush.People;

/// <summary>
/// Single sign-on with an OpenID Connect provider: the authorization code flow with PKCE. The page's link starts it
/// (<see cref="SingleSignOnApi"/>); the provider sends the browser back to <see cref="CallbackPath"/>, where the
/// handler redeems the code, validates the id token and reads the user info; then <see cref="SingleSignOnAccounts"/>
/// finds the person and a CtiPush session opens, as after a password sign-in. The handler keeps nothing of its own:
/// no cookie but its short-lived correlation and nonce cookies, no tokens.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "oidc";

    /// <summary>The redirect URI to register at the provider is this path on the service's public address.</summary>
    public const string CallbackPath = "/api/v1/session/oidc/callback";

    internal static void AddSingleSignOn(IHostApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        builder.Services.AddOptions<SingleSignOnOptions>().BindConfiguration(SingleSignOnOptions.Section)
            .Configure<IConfiguration>(SingleSignOnOptions.ReadSingleRoleValues)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SingleSignOnOptions>, SingleSignOnOptionsValidator>();
        builder.Services.AddScoped<SingleSignOnAccounts>();
        // The handler is there only when configured: it checks its options on every request, and would fail without them.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SingleSignOnOptions.Section}:{nameof(SingleSignOnOptions.Authority)}"]))
        {
            authentication.AddOpenIdConnect(Scheme, "Single sign-on", _ => { });
            builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<SingleSignOnOptions>>((oidc, settings) => Configure(oidc, settings.Value));
        }
    }

    private static void Configure(OpenIdConnectOptions oidc, SingleSignOnOptions settings)
    {
        oidc.Authority = settings.Authority;
        oidc.RequireHttpsMetadata = settings.Authority!.StartsWith("https:", StringComparison.OrdinalIgnoreCase); // http: loopback only (the validator)
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        // The code comes back in the query of a top-level GET, which carries SameSite=Lax cookies from any site, so the
        // correlation and nonce cookies need not be SameSite=None (which browsers take only with Secure, over https).
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.CallbackPath = CallbackPath;
        oidc.Scope.Clear();
        foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            oidc.Scope.Add(scope);
        }
        // Claims as the provider names them (sub, groups), from the id token and the user info endpoint.
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.ClaimActions.MapJsonKey(settings.RoleClaim, settings.RoleClaim);
        oidc.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
        oidc.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        oidc.SaveTokens = false;
        // Never signed in to: OnTicketReceived opens a server-side session itself and ends the request.
        oidc.SignInScheme = Sessions.Scheme;
        oidc.Events.OnTokenValidated = context =>
        {
            if (context.Principal?.Identity is ClaimsIdentity identity && context.SecurityToken?.Issuer is { Length: > 0 } issuer)
            {
                identity.AddClaim(new Claim(SingleSignOnAccounts.IssuerClaim, issuer));
            }
            return Task.CompletedTask;
        };
        oidc.Events.OnTicketReceived = TicketReceivedAsync;
        oidc.Events.OnRemoteFailure = RemoteFailureAsync;
    }

    /// <summary>The provider vouched for someone: open their CtiPush session and go to the page, or say why not.</summary>
    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var signedOn = await http.RequestServices.GetRequiredService<SingleSignOnAccounts>()
            .SignOnAsync(context.Principal ?? new ClaimsPrincipal(), http.RequestAborted);
        if (signedOn.Person is not { } person)
        {
            await ProblemAsync(http, StatusCodes.Status403Forbidden, "Single sign-on refused", signedOn.Refusal!);
            return;
        }
        await http.RequestServices.GetRequiredService<Sessions>().SignInAsync(http, person);
        http.Response.Redirect($"{http.Request.PathBase}/");
    }

    /// <summary>The provider said no (the person cancelled, say), or its answer could not be used (expired, replayed, forged).</summary>
    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<ILogger<SingleSignOnAccounts>>()
            .LogWarning("Single sign-on failed: {Reason}", context.Failure?.Message);
        var provider = http.RequestServices.GetRequiredService<IOptions<SingleSignOnOptions>>().Value.DisplayName;
        await ProblemAsync(http, StatusCodes.Status401Unauthorized, "Single sign-on failed",
            $"The sign-in with {provider} did not complete: go back to the page and start again.");
    }

    /// <summary>A problem body the browser shows; this answer leaves before the security headers' middleware, so it sets them.</summary>
    private static Task ProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
    }
}
