using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CtiPush.Data;

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the service.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCtiPushDbContext>
{
    public SqliteCtiPushDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCtiPushDbContext>();
        options.UseSqliteFile("Data Source=design-time.db");
        return new(options.Options);
    }
}
