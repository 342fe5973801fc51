using Microsoft.AspNetCore.Authentication;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Admin;

/// <summary><c>/api/v1/session</c>: the page's sign-in, the admin key once, then an HttpOnly, SameSite=Strict session cookie.</summary>
public static class SessionApi
{
    private const string SignInPolicy = "sign-in";

    /// <summary>Sign-ins are limited per address, right or wrong: a key cannot be guessed at speed.</summary>
    internal static void AddRateLimit(IServiceCollection services) =>
        RateLimits.AddPolicy(services, SignInPolicy, (context, limits) => RateLimits.PerAddress(context, "sign-in", limits.SignInsPerMinute));

    public static void Map(RouteGroupBuilder session)
    {
        session.MapPost("/", SignInAsync).WithName("SignIn").WithSummary("Sign in with the admin key; sets the session cookie")
            .RequireRateLimiting(SignInPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        session.MapGet("/", () => TypedResults.NoContent()).WithName("SessionStatus").WithSummary("204 while signed in, 401 otherwise")
            .RequireAuthorization(AdminAuthentication.Policy).ProducesProblem(StatusCodes.Status401Unauthorized);
        session.MapDelete("/", (Func<HttpContext, Task<NoContent>>)SignOutAsync).WithName("SignOut").WithSummary("Sign out; removes the session cookie");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(SignIn request, AdminKey key, HttpContext context)
    {
        if (!key.Matches(request.Key))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong admin key",
                detail: "The key does not match Admin:ApiKey.");
        }
        await context.SignInAsync(AdminAuthentication.CookieScheme, AdminAuthentication.Principal(AdminAuthentication.CookieScheme, key));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(AdminAuthentication.CookieScheme);
        return TypedResults.NoContent();
    }
}
