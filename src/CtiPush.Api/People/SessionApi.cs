using System.Security.Claims;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>Signing in and out: by password (with Identity's lockout), or with the bootstrap key.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Session");
        session.MapPost("/", SignInAsync).WithName("SignIn")
            .WithSummary("Sign in with a user name and password (or the admin key); sets the session cookie and answers the anti-forgery token")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var signedIn = session.MapGroup("/").RequireAuthorization(Roles.Viewer).ProducesProblem(StatusCodes.Status401Unauthorized);
        signedIn.MapGet("/", Current).WithName("SessionStatus").WithSummary("Who is signed in, with the anti-forgery token");
        signedIn.MapDelete("/", SignOutAsync).WithName("SignOut").WithSummary("Sign out: the session ends at once, wherever its cookie is");
        return app;
    }

    /// <summary>
    /// Each wrong key, unknown or disabled account, wrong password and attempt at a locked account counts as a failed
    /// authentication of the client's address; past the limit the address gets 429, even with the right password.
    /// </summary>
    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext context, Sessions sessions, AdminKey key, UserManager<Person> users,
        FailedAuthentications failures, IOptions<DisplayOptions> display, ILogger<Sessions> logger)
    {
        if (failures.WaitFor(context) is { } wait)
        {
            return FailedAuthentications.Refusal(context, wait);
        }
        if (request.Key is { Length: > 0 })
        {
            if (!key.Matches(request.Key))
            {
                logger.LogWarning("Sign-in with a wrong admin key from {Address}", context.Connection.RemoteIpAddress);
                failures.Count(context);
                return WrongCredentials();
            }
            var keySession = await sessions.SignInAsync(context, null);
            return TypedResults.Ok(new SessionView(null, PeopleClaims.AdminKeyActor, PersonRole.Admin, null, keySession.CsrfToken, display.Value.TimeZone));
        }

        var person = string.IsNullOrWhiteSpace(request.UserName) ? null : await users.FindByNameAsync(request.UserName.Trim());
        if (person is null || !person.Enabled || person.PasswordHash is null)
        {
            logger.LogWarning("Sign-in failed for an unknown, disabled or password-less account from {Address}", context.Connection.RemoteIpAddress);
            failures.Count(context);
            return WrongCredentials();
        }
        if (await users.IsLockedOutAsync(person))
        {
            logger.LogWarning("Sign-in at the locked account of person {PersonId} from {Address}", person.Id, context.Connection.RemoteIpAddress);
            failures.Count(context);
            return Locked();
        }
        if (!await users.CheckPasswordAsync(person, request.Password ?? ""))
        {
            await users.AccessFailedAsync(person);
            logger.LogWarning("Sign-in with a wrong password for person {PersonId} from {Address}", person.Id, context.Connection.RemoteIpAddress);
            failures.Count(context);
            return await users.IsLockedOutAsync(person) ? Locked() : WrongCredentials();
        }
        await users.ResetAccessFailedCountAsync(person);
        var opened = await sessions.SignInAsync(context, person);
        return TypedResults.Ok(new SessionView(person.UserName, person.DisplayName, person.Role, person.Language, opened.CsrfToken, display.Value.TimeZone));
    }

    private static async Task<Ok<SessionView>> Current(ClaimsPrincipal user, CtiPushDbContext db, IOptions<DisplayOptions> display)
    {
        var csrf = user.FindFirstValue(PeopleClaims.Csrf);
        if (PeopleClaims.PersonOf(user) is { } id && await db.Set<Person>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id) is { } person)
        {
            return TypedResults.Ok(new SessionView(person.UserName, person.DisplayName, PeopleClaims.RoleOf(user) ?? PersonRole.Viewer, person.Language, csrf, display.Value.TimeZone));
        }
        return TypedResults.Ok(new SessionView(null, PeopleClaims.ActorOf(user), PeopleClaims.RoleOf(user) ?? PersonRole.Admin, null, csrf, display.Value.TimeZone));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, Sessions sessions)
    {
        await sessions.SignOutAsync(context);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult WrongCredentials() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed", detail: "The user name and password, or the key, do not match an account.");

    private static ProblemHttpResult Locked() => TypedResults.Problem(statusCode: StatusCodes.Status423Locked,
        title: "Account locked", detail: "Too many wrong passwords: the account is locked for a few minutes. An admin can unlock it by setting a new password.");
}
