using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CtiPush.Data;

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the service.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCtiPushDbContext>
{
    public PostgresCtiPushDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresCtiPushDbContext>();
        options.UsePostgres("Host=localhost;Database=ctipush");
        return new(options.Options);
    }
}
