namespace CtiPush.Admin;

/// <summary>Section <c>Admin</c>: <c>Admin:ApiKey</c> (env <c>Admin__ApiKey</c>) opens the admin API.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinKeyLength = 16;

    public string? ApiKey { get; set; }
}
