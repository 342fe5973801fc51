namespace CtiPush.People;

/// <summary>
/// Section <c>Admin</c>: <c>Admin:ApiKey</c> (env <c>Admin__ApiKey</c>), the bootstrap key. It acts as an admin, as a
/// bearer key or to sign in, so a new installation can create its first accounts; it may be left unset once an
/// admin account exists.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinKeyLength = 16;

    public string? ApiKey { get; set; }
}
