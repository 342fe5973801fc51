using System.ComponentModel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Admin;

public sealed record SignIn([property: Description("The admin key (Admin:ApiKey)")] string? Key);

/// <summary>The page's sign-in: the admin key once, then an HttpOnly, SameSite=Strict session cookie.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Session");
        session.MapPost("/", SignInAsync).WithName("SignIn").WithSummary("Sign in with the admin key; sets the session cookie")
            .RequireRateLimiting(Infrastructure.RateLimits.SignInPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        session.MapGet("/", () => TypedResults.NoContent()).WithName("SessionStatus").WithSummary("204 while signed in, 401 otherwise")
            .RequireAuthorization(AdminAuthentication.Policy).ProducesProblem(StatusCodes.Status401Unauthorized);
        session.MapDelete("/", (Func<HttpContext, Task<NoContent>>)SignOutAsync).WithName("SignOut").WithSummary("Sign out; removes the session cookie");
        return app;
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
