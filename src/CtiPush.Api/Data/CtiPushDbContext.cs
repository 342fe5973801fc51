using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>An instant as a parameter of hand-written SQL, compared and stored as the model stores it (SQLite: text).</summary>
    public object InstantParameter(DateTimeOffset instant) => Database.IsSqlite()
        ? instant.UtcDateTime.ToString(SqliteCtiPushDbContext.InstantFormat, System.Globalization.CultureInfo.InvariantCulture)
        : instant.ToUniversalTime();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CtiPushDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
