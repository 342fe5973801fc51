using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>What the sign-in page offers besides the password, and the link that starts single sign-on. Anonymous.</summary>
public static class SingleSignOnApi
{
    public const string SignInPath = "/api/v1/session/oidc";

    public static IEndpointRouteBuilder MapSingleSignOnApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("Session");
        session.MapGet("/providers", Providers).WithName("SignInProviders")
            .WithSummary("The single sign-on providers the page offers: none, or the configured OpenID Connect provider");
        session.MapGet("/oidc", SignIn).WithName("SignInWithSingleSignOn")
            .WithSummary("Sends the browser to the OpenID Connect provider; it comes back signed in, to the page")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<SignInProvider[]> Providers(IOptions<SingleSignOnOptions> options) =>
        TypedResults.Ok(options.Value.IsConfigured ? [new SignInProvider(SingleSignOn.Scheme, options.Value.DisplayName, SignInPath)] : Array.Empty<SignInProvider>());

    private static Results<ChallengeHttpResult, ProblemHttpResult> SignIn(IOptions<SingleSignOnOptions> options) =>
        options.Value.IsConfigured
            ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [SingleSignOn.Scheme])
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not configured", detail: "Single sign-on is not set up (Auth:Oidc:Authority).");
}
