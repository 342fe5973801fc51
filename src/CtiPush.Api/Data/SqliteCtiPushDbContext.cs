using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CtiPush.Data;

public sealed class SqliteCtiPushDbContext(DbContextOptions<SqliteCtiPushDbContext> options)
    : CtiPushDbContext(options)
{
    /// <summary>How every instant is stored: fixed-width UTC ISO 8601 text.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and EF Core cannot order by a DateTimeOffset there. Every time
        // in the service is UTC, so a fixed-width ISO 8601 string sorts and compares like the instant.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcIsoStringConverter>();
    }

    private sealed class UtcIsoStringConverter() : ValueConverter<DateTimeOffset, string>(
        value => value.UtcDateTime.ToString(InstantFormat, System.Globalization.CultureInfo.InvariantCulture),
        text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal));
}
