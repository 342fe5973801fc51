using System.Text.Encodings.Web;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>
/// <c>Authorization: Bearer …</c>: the bootstrap admin key, or a personal token (<c>ctp_…</c>), which acts as its
/// owner with at most the owner's role. A token is looked up on every request, so a revoked one stops at once on
/// every instance. Wrong, expired, revoked and malformed tokens all get the same 401, and each counts as a failed
/// authentication of the client's address; an address over that limit gets 429, whatever it presents.
/// </summary>
internal sealed class BearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey key,
    CtiPushDbContext db,
    FailedAuthentications failures,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenPrefix = "ctp_";
    private const string BearerPrefix = "Bearer ";

    /// <summary>Set when the address is over the limit: the challenge then answers 429, not 401.</summary>
    private TimeSpan? refusedFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (failures.WaitFor(Context) is { } wait)
        {
            refusedFor = wait;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }
        var presented = header[BearerPrefix.Length..].Trim();
        if (key.Matches(presented))
        {
            return Success(PeopleClaims.ForAdminKey(SchemeName));
        }
        if (presented.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            var hash = SecretDigest.HexOf(presented);
            var now = time.GetUtcNow();
            var found = await db.Set<PersonalToken>().AsNoTracking()
                .Where(t => t.Hash == hash && (t.ExpiresAt == null || t.ExpiresAt > now))
                .Join(db.Set<Person>().AsNoTracking().Where(p => p.Enabled), t => t.PersonId, p => p.Id, (t, p) => new { Token = t, Person = p })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (found is not null)
            {
                return Success(PeopleClaims.For(found.Person, SchemeName, $"{found.Person.DisplayName} (token {found.Token.Name})",
                    found.Token.Scope == TokenScope.Read ? PersonRole.Viewer : null));
            }
        }
        Logger.LogWarning("Authentication with a wrong bearer key or token from {Address}", Context.Connection.RemoteIpAddress);
        failures.Count(Context);
        return AuthenticateResult.Fail("The bearer key or token is not valid.");
    }

    private static AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (refusedFor is { } wait)
        {
            return FailedAuthentications.Refusal(Context, wait).ExecuteAsync(Context);
        }
        // The status code pages turn the empty 401 into a problem body.
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
