using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace CtiPush.Data;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "CtiPush";

    /// <summary>Registers <see cref="CtiPushDbContext"/> for the configured provider (SQLite when nothing is configured).</summary>
    public static IHostApplicationBuilder AddCtiPushDatabase(this IHostApplicationBuilder builder)
    {
        // Read here, not through IOptions: the provider and the connection string decide what is registered, before the container exists.
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);

        // Pooled contexts: each batch of PBX events and each request takes one reset from a pool, where building a new
        // one resolved EF Core's services anew (3.6 % of the service's CPU at full load, perf). Nothing in the service
        // keeps state in a context beyond its scope.
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:CtiPush is not set (env ConnectionStrings__CtiPush).");
                }
                connectionString = PostgresConnectionString(connectionString, options);
                builder.Services.AddDbContextPool<CtiPushDbContext, PostgresCtiPushDbContext>(db => db.UsePostgres(connectionString));
                builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<PostgresClusterSignals>(services, connectionString));
                builder.Services.AddSingleton<ClusterSignals>(services => services.GetRequiredService<PostgresClusterSignals>());
                builder.Services.AddHostedService(services => services.GetRequiredService<PostgresClusterSignals>());
                break;
            default:
                connectionString = SqliteConnectionString(connectionString, builder.Environment.ContentRootPath, options);
                builder.Services.AddDbContextPool<CtiPushDbContext, SqliteCtiPushDbContext>(db => db.UseSqliteFile(connectionString));
                builder.Services.AddSingleton<ClusterSignals>();
                break;
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        KeyProtection.Add(builder, builder.Services.AddDataProtection().SetApplicationName("CtiPush").PersistKeysToDbContext<CtiPushDbContext>());
        builder.Services.AddHealthChecks().AddDbContextCheck<CtiPushDbContext>("database", tags: ["ready"]);
        return builder;
    }

    internal static DbContextOptionsBuilder UsePostgres(this DbContextOptionsBuilder db, string connectionString) =>
        db.UseNpgsql(connectionString).WithCtiPushConventions();

    internal static DbContextOptionsBuilder UseSqliteFile(this DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString).WithCtiPushConventions();

    private static DbContextOptionsBuilder WithCtiPushConventions(this DbContextOptionsBuilder db) => db
        .UseSnakeCaseNamingConvention()
        // Instances writing one call at once collide by design and retry (CallRecorder), and a first
        // migration probes a history table that is not there yet. A failure that matters surfaces as an
        // exception: a database outage as one warning per request (DatabaseUnavailableHandler, 503), anything
        // else as an error logged once by the exception handler. On SQLite, EF Core adds a foreign key by
        // rebuilding the table with its checks off, outside a transaction: its own way, nothing to act on.
        .ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug),
            (RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));

    /// <summary>Whether the connection string sets one of <paramref name="keys"/> (names are not case-sensitive).</summary>
    private static bool Sets(string? connectionString, params string[] keys)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" };
        return keys.Any(given.ContainsKey);
    }

    /// <summary>The configured timeouts, where the connection string does not set its own.</summary>
    private static string PostgresConnectionString(string configured, DatabaseOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!Sets(configured, "Timeout", "Connect Timeout", "Connection Timeout"))
        {
            builder.Timeout = options.ConnectTimeoutSeconds;
        }
        if (!Sets(configured, "Command Timeout", "CommandTimeout"))
        {
            builder.CommandTimeout = options.CommandTimeoutSeconds;
        }
        // The write path sends the same few statements for every batch: prepared once per connection, PostgreSQL
        // parses and plans them no more (its CPU is the service's, on a small machine).
        if (!Sets(configured, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        // A pooled connection is reset (DISCARD ALL, a round trip) each time it is returned; the service leaves no
        // session state behind (its LISTEN has an unpooled connection of its own).
        if (!Sets(configured, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>With no connection string, a file in the content root's <c>data</c> folder: zero setup.</summary>
    private static string SqliteConnectionString(string? configured, string contentRoot, DatabaseOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? $"Data Source={Path.Combine(contentRoot, "data", "ctipush.db")}" : configured);
        if (!Sets(configured, "Default Timeout", "DefaultTimeout", "Command Timeout", "CommandTimeout"))
        {
            builder.DefaultTimeout = options.CommandTimeoutSeconds; // how long a writer waits for SQLite's one write lock
        }
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }
}
