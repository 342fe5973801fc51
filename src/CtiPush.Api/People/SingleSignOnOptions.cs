namespace CtiPush.People;

/// <summary>
/// Section <c>Auth:Oidc</c>: single sign-on with an OpenID Connect provider (Keycloak, Entra ID, Authentik, …),
/// on when <see cref="Authority"/> is set. The page then offers "Sign in with <see cref="DisplayName"/>"; the
/// provider says who someone is, and the values of <see cref="RoleClaim"/> say in which role (<see cref="Roles"/>).
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The provider's issuer URL, e.g. <c>https://sso.example.com/realms/team</c>; https, or http on loopback.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client's secret at the provider; may be left out for a public client (PKCE is always on).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes to ask for; <c>openid</c> among them.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The claim whose values say the role: <c>groups</c> (Keycloak with a group mapper, Entra ID), <c>roles</c>, …</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>
    /// Which claim values make an admin, an agent or a viewer: <c>Auth:Oidc:Roles:admin</c> = <c>ctipush-admins</c>, or
    /// several values as a list (<c>Auth:Oidc:Roles:agent:0</c>, <c>…:1</c>). Someone with values of several roles gets
    /// the highest; someone with none of them may not sign in.
    /// </summary>
    public SingleSignOnRoles Roles { get; set; } = new();

    /// <summary>On: a first sign-in creates the account with the mapped role. Off: only existing accounts may sign in.</summary>
    public bool AutoCreate { get; set; }

    /// <summary>What the page calls the provider: "Sign in with …".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The highest role whose claim values include one of <paramref name="values"/>; null for none.</summary>
    public PersonRole? RoleFor(IEnumerable<string> values)
    {
        var held = values.ToHashSet(StringComparer.Ordinal);
        return Roles.Admin.Any(held.Contains) ? PersonRole.Admin
            : Roles.Agent.Any(held.Contains) ? PersonRole.Agent
            : Roles.Viewer.Any(held.Contains) ? PersonRole.Viewer
            : null;
    }

    /// <summary>
    /// The binder fills a list only from its numbered keys (<c>Roles:admin:0</c>); one value given as
    /// <c>Roles:admin</c> (<c>Auth__Oidc__Roles__admin</c>) is read here.
    /// </summary>
    internal static void ReadSingleRoleValues(SingleSignOnOptions options, IConfiguration configuration)
    {
        var roles = configuration.GetSection(Section).GetSection(nameof(Roles));
        foreach (var (role, values) in new[] { ("admin", options.Roles.Admin), ("agent", options.Roles.Agent), ("viewer", options.Roles.Viewer) })
        {
            if (roles[role] is { Length: > 0 } single && !values.Contains(single))
            {
                values.Add(single);
            }
        }
    }
}

/// <summary>The claim values (group names or ids, role names: compared exactly) that make each role.</summary>
public sealed class SingleSignOnRoles
{
    public List<string> Admin { get; set; } = [];
    public List<string> Agent { get; set; } = [];
    public List<string> Viewer { get; set; } = [];

    public bool Any => Admin.Count + Agent.Count + Viewer.Count > 0;
}
