using Microsoft.AspNetCore.Authentication;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Admin;

/// <summary>The page's sign-in: the admin key once, then an HttpOnly, SameSite=Strict session cookie.</summary>
public static class SessionApi
{
    private const string SignInPolicy = "sign-in";

    /// <summary>Sign-ins are limited per address, right or wrong: a key cannot be guessed at speed.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        RateLimits.AddPolicy(builder.Services, SignInPolicy, (context, limits) => RateLimits.PerAddress(context, "sign-in", limits.SignInsPerMinute));
        return builder;
    }

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Session");
        session.MapPost("/", SignInAsync).WithName("SignIn").WithSummary("Sign in with the admin key; sets the session cookie")
            .RequireRateLimiting(SignInPolicy)
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
