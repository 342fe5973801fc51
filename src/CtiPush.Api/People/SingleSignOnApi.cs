using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
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
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<SignInProvider[]> Providers(IOptions<SingleSignOnOptions> options) =>
        TypedResults.Ok(options.Value.IsConfigured ? [new SignInProvider(SingleSignOn.Scheme, options.Value.DisplayName, SignInPath)] : Array.Empty<SignInProvider>());

    private static async Task<Results<ChallengeHttpResult, ProblemHttpResult>> SignIn(
        IOptions<SingleSignOnOptions> options, IServiceProvider services, ILogger<SingleSignOnAccounts> logger, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not configured", detail: "Single sign-on is not set up (Auth:Oidc:Authority).");
        }
        // The provider's metadata first (cached after the first time): a provider that does not answer is a 503 that
        // says so, not an error inside the challenge.
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(SingleSignOn.Scheme);
        try
        {
            await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception unreachable) when (unreachable is InvalidOperationException or HttpRequestException or IOException)
        {
            logger.LogWarning("Single sign-on: the provider's metadata cannot be read: {Reason}", unreachable.GetBaseException().Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Provider unreachable",
                detail: $"{options.Value.DisplayName} does not answer: try again later, or sign in with a password.");
        }
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [SingleSignOn.Scheme]);
    }
}
