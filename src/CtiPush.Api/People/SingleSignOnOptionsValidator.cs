using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>Single sign-on half set up, or set up so nobody could use it, refuses the start in one line.</summary>
internal sealed class SingleSignOnOptionsValidator : IValidateOptions<SingleSignOnOptions>
{
    private const string S = SingleSignOnOptions.Section;

    public ValidateOptionsResult Validate(string? name, SingleSignOnOptions options)
    {
        if (!options.IsConfigured)
        {
            return string.IsNullOrEmpty(options.ClientId) && string.IsNullOrEmpty(options.ClientSecret) && !options.Roles.Any
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{S}:Authority is not set, but other {S} settings are: set the provider's issuer URL, or remove them all.");
        }
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            failures.Add($"{S}:Authority must be the provider's issuer URL with https (http only on localhost), such as https://sso.example.com/realms/team.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{S}:ClientId is required: the client id CtiPush has at the provider.");
        }
        if (!options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{S}:Scopes must include openid.");
        }
        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            failures.Add($"{S}:RoleClaim must name the claim that holds groups or roles, such as groups.");
        }
        if (!options.Roles.Any)
        {
            failures.Add($"{S}:Roles maps no claim value to a role, so nobody could sign in: set {S}:Roles:admin, :agent or :viewer.");
        }
        else if (options.Roles.Admin.Concat(options.Roles.Agent).Concat(options.Roles.Viewer).Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{S}:Roles has an empty claim value.");
        }
        if (string.IsNullOrWhiteSpace(options.DisplayName) || options.DisplayName.Length > 100 || options.DisplayName.Any(char.IsControl))
        {
            failures.Add($"{S}:DisplayName must be a short name of the provider for the page (at most 100 characters).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
