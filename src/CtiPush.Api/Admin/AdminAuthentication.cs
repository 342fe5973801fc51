using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CtiPush.Admin;

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

    /// <summary>The admin key's options, both schemes, the policy, and the key in Swagger UI.</summary>
    internal static void Add(IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminKey>();
        services.AddAuthentication(KeyScheme)
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
        services.ConfigureSwaggerGen(swagger =>
        {
            swagger.AddSecurityDefinition(KeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key (Admin:ApiKey). In Development: dev-admin-key.",
            });
            swagger.OperationFilter<AdminKeyRequirement>();
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(KeyScheme, CookieScheme).RequireAuthenticatedUser());
    }

    private static Task Unauthorized(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>Every route of <paramref name="group"/> asks for the admin key, and answers 401 without it.</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>The admin as a signed-in user of either scheme; a session remembers which key opened it.</summary>
    public static ClaimsPrincipal Principal(string scheme, AdminKey key) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(KeyVersionClaim, key.Version)], scheme));
}
