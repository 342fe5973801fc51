using System.ComponentModel;

namespace CtiPush.People;

/// <summary>A way to sign in other than a password: the page shows "Sign in with <see cref="DisplayName"/>" linking to <see cref="SignInUrl"/>.</summary>
public sealed record SignInProvider(
    [property: Description("oidc")] string Name,
    [property: Description("Auth:Oidc:DisplayName")] string DisplayName,
    [property: Description("Open in the browser (a navigation, not a fetch): it goes to the provider and comes back signed in")] string SignInUrl);
