using System.Security.Claims;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>
/// Server-side sessions behind the page's cookie. The cookie names a row; each request reads the row and its person,
/// so signing out, a new password, a new role or a disabled account end a session at once on every instance.
/// </summary>
public sealed class Sessions(CtiPushDbContext db, AdminKey key, TimeProvider time)
{
    public const string Scheme = "Session";
    public const string CookieName = "ctipush_session";

    /// <summary>A working day at most.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Opens a session for <paramref name="person"/> (null: the admin key) and sets its cookie.</summary>
    public async Task<Session> SignInAsync(HttpContext context, Person? person)
    {
        var now = time.GetUtcNow();
        var session = new Session
        {
            Id = SecretDigest.NewSecret(),
            PersonId = person?.Id,
            SecurityStamp = person?.SecurityStamp,
            KeyVersion = person is null ? key.Version : null,
            CsrfToken = SecretDigest.NewSecret(),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Add(session);
        await db.SaveChangesAsync(context.RequestAborted);
        var cookie = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PeopleClaims.SessionId, session.Id)], Scheme));
        await context.SignInAsync(Scheme, cookie, new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false });
        return session;
    }

    /// <summary>Ends the session the request came with: its cookie, and any copy of it, is worthless from now on.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(PeopleClaims.SessionId) is { } id)
        {
            await db.Set<Session>().Where(s => s.Id == id).ExecuteDeleteAsync(context.RequestAborted);
        }
        await context.SignOutAsync(Scheme);
    }

    /// <summary>The principal a valid session stands for now, or null when it is over.</summary>
    internal async Task<ClaimsPrincipal?> PrincipalOfAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = await db.Set<Session>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.ExpiresAt > now, cancellationToken);
        if (session is null)
        {
            return null;
        }
        ClaimsPrincipal? principal;
        if (session.PersonId is { } personId)
        {
            var person = await db.Set<Person>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
            principal = person is { Enabled: true } && person.SecurityStamp == session.SecurityStamp ? PeopleClaims.For(person, Scheme) : null;
        }
        else
        {
            principal = key.IsConfigured && session.KeyVersion == key.Version ? PeopleClaims.ForAdminKey(Scheme) : null;
        }
        if (principal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(PeopleClaims.SessionId, session.Id));
            identity.AddClaim(new Claim(PeopleClaims.Csrf, session.CsrfToken));
        }
        return principal;
    }

    /// <param name="development">
    /// Only in Development may the cookie travel over plain HTTP. Elsewhere it is always <c>Secure</c>, whatever scheme
    /// the request reached the service with: browsers reach it over HTTPS, whose TLS usually ends at the reverse proxy.
    /// </param>
    internal static void Configure(CookieAuthenticationOptions cookie, bool development)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        cookie.ExpireTimeSpan = Lifetime;
        cookie.SlidingExpiration = false;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
            var current = context.Principal?.FindFirstValue(PeopleClaims.SessionId) is { } id
                ? await sessions.PrincipalOfAsync(id, context.HttpContext.RequestAborted)
                : null;
            if (current is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
                return;
            }
            context.ReplacePrincipal(current); // this request acts with the role the person has now
        };
        // An API answers 401 and 403; it does not redirect to a login page.
        cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
