using System.Security.Claims;
using CtiPush.Core;

namespace CtiPush.People;

/// <summary>What a signed-in principal carries, and how to read it back: who acts, in which role.</summary>
public static class PeopleClaims
{
    public const string PersonId = "ctipush:person";
    public const string SessionId = "ctipush:session";
    public const string Csrf = "ctipush:csrf";
    public const string UserName = "ctipush:user";

    /// <summary>The name the bootstrap key acts under, on the audit list and the calls' trails.</summary>
    public const string AdminKeyActor = "admin key";

    public static ClaimsPrincipal For(Person person, string scheme, string? actor = null, PersonRole? narrowedTo = null) =>
        Principal(scheme, actor ?? person.DisplayName, narrowedTo is { } narrow && narrow < person.Role ? narrow : person.Role,
            new Claim(PersonId, person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(UserName, person.UserName ?? ""));

    public static ClaimsPrincipal ForAdminKey(string scheme) => Principal(scheme, AdminKeyActor, PersonRole.Admin);

    private static ClaimsPrincipal Principal(string scheme, string actor, PersonRole role, params Claim[] more) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, actor), new Claim(ClaimTypes.Role, WireName<PersonRole>.Of(role)), .. more],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The person behind a principal; null for the admin key.</summary>
    public static long? PersonOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(PersonId), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Who acts: a person's display name, "admin key", or a token's description.</summary>
    public static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static PersonRole? RoleOf(ClaimsPrincipal user) => WireName<PersonRole>.Parse(user.FindFirstValue(ClaimTypes.Role));
}
