using Microsoft.AspNetCore.Authorization;

namespace CtiPush.People;

/// <summary>
/// A browser sends its cookie with any request to this site, also one another page made it send (a form, a
/// <c>no-cors</c> fetch). So a change made with the session cookie must carry the session's token in
/// <c>X-CSRF-TOKEN</c>, which only the page, having read it from the sign-in answer, knows. Bearer requests need none.
/// </summary>
public sealed class CsrfRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string Header = "X-CSRF-TOKEN";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var http = context.Resource as HttpContext;
        var bySession = context.User.FindFirst(PeopleClaims.SessionId) is not null;
        var changes = http is not null && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (!bySession || !changes || Matches(http!.Request.Headers[Header].ToString(), context.User.FindFirst(PeopleClaims.Csrf)?.Value))
        {
            context.Succeed(this);
        }
        return Task.CompletedTask;
    }

    private static bool Matches(string presented, string? expected) =>
        expected is { Length: > 0 } && presented.Length == expected.Length
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(expected));
}
