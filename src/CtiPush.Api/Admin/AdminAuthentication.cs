using System.Security.Claims;
using System.Text.Encodings.Web;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

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

/// <summary>Everything under the admin API asks for <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>.</summary>
public static class AdminAuthentication
{
    public const string KeyScheme = "AdminKey";
    public const string Policy = "Admin";

    public static IHostApplicationBuilder AddAdminAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddAuthentication(KeyScheme).AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(KeyScheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(KeyScheme).RequireAuthenticatedUser());
        return builder;
    }

    private sealed class AdminKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IOptions<AdminOptions> admin) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private const string BearerPrefix = "Bearer ";
        private readonly SecretDigest key = new(admin.Value.ApiKey ?? "");

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
            var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], KeyScheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(admin, KeyScheme)));
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
