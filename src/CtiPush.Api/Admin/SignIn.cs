using System.ComponentModel;

namespace CtiPush.Admin;

public sealed record SignIn([property: Description("The admin key (Admin:ApiKey)")] string? Key);
