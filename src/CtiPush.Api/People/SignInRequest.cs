using System.ComponentModel;

namespace CtiPush.People;

/// <summary>Either a person's user name and password, or the bootstrap admin key.</summary>
public sealed record SignInRequest(
    [property: Description("A person's user name")] string? UserName = null,
    [property: Description("That person's password")] string? Password = null,
    [property: Description("Or the bootstrap admin key (Admin:ApiKey)")] string? Key = null);
