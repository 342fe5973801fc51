namespace CtiPush.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Section <c>Database</c>; the connection string is <c>ConnectionStrings:CtiPush</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up. Turn off where migrations run as their own step.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
