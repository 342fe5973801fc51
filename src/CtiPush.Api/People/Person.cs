using Microsoft.AspNetCore.Identity;

namespace CtiPush.People;

/// <summary>
/// A member of the team, with ASP.NET Core Identity's user name, password hash, lockout and security stamp. The
/// security stamp changes with the password, the role or the account's state, which ends the person's sessions.
/// </summary>
public sealed class Person : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";
    public PersonRole Role { get; set; } = PersonRole.Viewer;

    /// <summary><c>en</c> or <c>de</c>; the page's language. Null: the browser's.</summary>
    public string? Language { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The OpenID Connect subject (<c>iss|sub</c>) this person signs in as, when single sign-on is used.</summary>
    public string? ExternalSubject { get; set; }

    /// <summary>What PBXs send for this person: names in <c>user[]</c>/<c>user</c>, extensions in <c>answeringNumber</c>.</summary>
    public List<PbxName> PbxNames { get; } = [];
}
