using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CtiPush.Data;

/// <summary>
/// The service's one database. Features own their entities and their <c>IEntityTypeConfiguration</c>
/// and reach their tables with <c>Set&lt;T&gt;()</c>, so this layer knows no feature.
/// Each provider has its own subclass and its own migrations set:
/// <code>
/// dotnet ef migrations add NAME -p src/CtiPush.Api --context SqliteCtiPushDbContext   -o Data/Migrations/Sqlite
/// dotnet ef migrations add NAME -p src/CtiPush.Api --context PostgresCtiPushDbContext -o Data/Migrations/Postgres
/// </code>
/// </summary>
public abstract class CtiPushDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect session cookies, shared by every instance on this database and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CtiPushDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}

public sealed class PostgresCtiPushDbContext(DbContextOptions<PostgresCtiPushDbContext> options)
    : CtiPushDbContext(options);

public sealed class SqliteCtiPushDbContext(DbContextOptions<SqliteCtiPushDbContext> options)
    : CtiPushDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and EF Core cannot order by a DateTimeOffset there. Every time
        // in the service is UTC, so a fixed-width ISO 8601 string sorts and compares like the instant.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcIsoStringConverter>();
    }

    private sealed class UtcIsoStringConverter() : ValueConverter<DateTimeOffset, string>(
        value => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal));
}
