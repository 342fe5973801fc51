namespace CtiPush.Data;

/// <summary>Section <c>Database</c>; the connection string is <c>ConnectionStrings:CtiPush</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up. Turn off where migrations run as their own step.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long opening a connection may take before the request gets 503: short, so an outage answers PBXs
    /// at once instead of piling up requests. Applies unless the connection string sets its own.
    /// </summary>
    public int ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>How long one statement may take (SQLite: how long to wait for the write lock).</summary>
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>At start-up, how long to wait for the database to answer before giving up with a clear message.</summary>
    public int StartupWaitSeconds { get; set; } = 30;
}
