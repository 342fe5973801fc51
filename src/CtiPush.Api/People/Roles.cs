using Microsoft.AspNetCore.Authorization;

namespace CtiPush.People;

/// <summary>
/// One authorization policy per role, written once; a route group names the least role it needs. Every policy also
/// asks a cookie-authenticated change for the session's anti-forgery token (<see cref="CsrfRequirement"/>), and so does
/// the default policy a route gets from <c>RequireAuthorization()</c> without a name: no route that takes the session
/// cookie can forget it (<c>People/AntiForgeryTests</c> checks every route).
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Agent = "agent";
    public const string Admin = "admin";

    internal static void AddPolicies(AuthorizationBuilder authorization)
    {
        authorization.AddPolicy(Viewer, policy => Require(policy, Viewer, Agent, Admin));
        authorization.AddPolicy(Agent, policy => Require(policy, Agent, Admin));
        authorization.AddPolicy(Admin, policy => Require(policy, Admin));
        authorization.SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new CsrfRequirement()).Build());
    }

    private static void Require(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.RequireAuthenticatedUser().RequireRole(roles).AddRequirements(new CsrfRequirement());
}
