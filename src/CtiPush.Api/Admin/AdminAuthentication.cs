using System.Security.Claims;
using System.Text.Encodings.Web;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CtiPush.Admin;

/// <summary>Section <c>Admin</c>: <c>Admin:ApiKey</c> (env <c>Admin__ApiKey</c>) opens the admin API.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinKeyLength = 16;

    public string? ApiKey { get; set; }
}

internal sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) => options.ApiKey switch
    {
        null or "" => ValidateOptionsResult.Fail("No admin key is configured: set Admin:ApiKey (environment variable Admin__ApiKey=...)."),
        { Length: < AdminOptions.MinKeyLength } when !environment.IsDevelopment() =>
            ValidateOptionsResult.Fail($"Admin:ApiKey is shorter than {AdminOptions.MinKeyLength} characters."),
        _ => ValidateOptionsResult.Success,
    };
}

/// <summary>
/// Everything under the admin API asks for <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>, or the session cookie
/// the page gets by signing in with that key.
/// </summary>
public static class AdminAuthentication
{
    public const string KeyScheme = "AdminKey";
    public const string CookieScheme = "AdminSession";
    public const string CookieName = "ctipush_session";
    public const string Policy = "Admin";
    public const string KeyVersionClaim = "ctipush:key";

    public static IHostApplicationBuilder AddAdminAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddAuthentication(KeyScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(KeyScheme, null)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // A session lasts a working day at most, and only as long as the key it was opened with.
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = false;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var key = context.HttpContext.RequestServices.GetRequiredService<AdminKey>();
                    if (context.Principal?.FindFirst(KeyVersionClaim)?.Value != key.Version)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
                // An API answers 401, it does not redirect to a login page.
                cookie.Events.OnRedirectToLogin = context => Unauthorized(context.Response);
                cookie.Events.OnRedirectToAccessDenied = context => Unauthorized(context.Response);
            });
        builder.Services.ConfigureSwaggerGen(swagger =>
        {
            swagger.AddSecurityDefinition(KeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key (Admin:ApiKey). In Development: dev-admin-key.",
            });
            swagger.OperationFilter<AdminKeyRequirement>();
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(KeyScheme, CookieScheme).RequireAuthenticatedUser());
        return builder;
    }

    private static Task Unauthorized(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>The admin as a signed-in user of either scheme; a session remembers which key opened it.</summary>
    public static ClaimsPrincipal Principal(string scheme, AdminKey key) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(KeyVersionClaim, key.Version)], scheme));

    private sealed class AdminKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        AdminKey key) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private const string BearerPrefix = "Bearer ";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string? header = Request.Headers.Authorization;
            if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            if (!key.Matches(header[BearerPrefix.Length..].Trim()))
            {
                return Task.FromResult(AuthenticateResult.Fail("The admin key does not match."));
            }
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Principal(KeyScheme, key), KeyScheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            // The status code pages turn the empty 401 into a problem body.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }
    }
}

/// <summary>The configured admin key, kept as a digest and compared in constant time.</summary>
public sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly SecretDigest key = new(options.Value.ApiKey ?? "");

    public bool Matches(string? presented) => key.Matches(presented);

    /// <summary>
    /// Names this key without revealing it (a keyed hash of a constant), so sessions opened with an older key
    /// end when the key is changed.
    /// </summary>
    public string Version { get; } = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""), "ctipush admin session"u8))[..16];
}
