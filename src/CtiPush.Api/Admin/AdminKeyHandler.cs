using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CtiPush.Admin;

/// <summary>The <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c> scheme: no header is no answer, a wrong key fails.</summary>
internal sealed class AdminKeyHandler(
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
        var principal = AdminAuthentication.Principal(AdminAuthentication.KeyScheme, key);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, AdminAuthentication.KeyScheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The status code pages turn the empty 401 into a problem body.
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
