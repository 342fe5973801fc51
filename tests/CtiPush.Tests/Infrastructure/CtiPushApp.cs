using CtiPush.CallLog;
using CtiPush.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace CtiPush.Tests.Infrastructure;

/// <summary>
/// The real service over its real HTTP pipeline, on a database of its own, with a clock the test moves
/// and the log captured. Settings are the service's own configuration keys.
/// </summary>
public abstract class CtiPushApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Token = "main-pbx-token-0123456789";
    public const string OtherToken = "other-pbx-token-9876543210";
    public const string AdminKey = "admin-key-for-tests-0123456789";
    public const string SipgateToken = "sipgate-pbx-token-5555555555";
    public const string PlacetelToken = "placetel-pbx-token-7777777777";
    public const string PublicBaseUrl = "https://cti.example.com/pbx";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    public LogCapture Logs { get; } = new();

    /// <summary>The service's configuration for this app; change it before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Cti:Tokens:main"] = Token,
        ["Cti:Tokens:other"] = OtherToken,
        ["Cti:Tokens:sipgate"] = SipgateToken,
        ["Cti:Formats:sipgate"] = "sipgate",
        ["Cti:PublicBaseUrl"] = PublicBaseUrl, // a sipgate PBX needs it: its answers point back here
        ["Cti:Tokens:placetel"] = PlacetelToken,
        ["Cti:Formats:placetel"] = "placetel",
        ["Admin:ApiKey"] = AdminKey,
        // Many tests fail to authenticate on purpose, from the one address a test server has; AbuseTests sets its own limit.
        ["RateLimits:FailedAuthenticationsPerMinute"] = "100000",
    };

    public string Environment { get; init; } = "Production";

    /// <summary>What a test changes in the services beyond settings (Kestrel's limits, say); add before the first request.</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected CtiPushApp()
    {
        foreach (var (key, value) in KeyCertificate.Settings)
        {
            Settings[key] = value;
        }
        // The session cookie is Secure outside Development: the test server's clients speak HTTPS, as browsers do with
        // the proxy in front of the service. (On a real socket the address is Kestrel's, plain HTTP on loopback.)
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    /// <summary>Where the service looks for appsettings and its default data folder; the project's folder unless set.</summary>
    public string? ContentRoot { get; init; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        if (ContentRoot is not null)
        {
            builder.UseContentRoot(ContentRoot);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILogEventSink>(Logs);
            foreach (var configure in TestServices)
            {
                configure(services);
            }
        });
    }

    /// <summary>A client of the admin API, signed in with the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A second instance of the service on this app's database, with its own clock and log.</summary>
    public CtiPushApp CreateTwin(string? contentRoot = null)
    {
        var twin = new TwinApp { ContentRoot = contentRoot };
        foreach (var (key, value) in Settings)
        {
            twin.Settings[key] = value;
        }
        return twin;
    }

    private sealed class TwinApp : CtiPushApp;

    public async Task<T> InDatabase<T>(Func<CtiPushDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CtiPushDbContext>());
    }

    public Task<Call?> FindCall(string callId, string source = "main") =>
        InDatabase(db => db.Set<Call>().AsNoTracking().SingleOrDefaultAsync(c => c.Source == source && c.CallId == callId));

    public Task<List<CallEvent>> EventsOf(string callId, string source = "main") =>
        InDatabase(db => db.Set<CallEvent>().AsNoTracking()
            .Where(e => db.Set<Call>().Any(c => c.Id == e.CallRowId && c.Source == source && c.CallId == callId))
            .OrderBy(e => e.Id)
            .ToListAsync());

    /// <summary>
    /// The rows of the events table (<c>call_events</c>) that belong to the call row <paramref name="callRowId"/>,
    /// counted in SQL: it finds events that outlived their call, which a query through the calls cannot.
    /// </summary>
    public Task<long> EventRowsOf(long callRowId) =>
        InDatabase(db => db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM call_events WHERE call_row_id = {callRowId}").SingleAsync());

    public Task<int> CountCalls() => InDatabase(db => db.Set<Call>().CountAsync());

    public Task<int> CountEvents() => InDatabase(db => db.Set<CallEvent>().CountAsync());

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeDatabaseAsync();
    }

    protected virtual ValueTask DisposeDatabaseAsync() => ValueTask.CompletedTask;
}

/// <summary>The zero-setup default: a SQLite file of its own.</summary>
public class SqliteApp : CtiPushApp
{
    private readonly string file = Path.Combine(Path.GetTempPath(), "ctipush-tests", Guid.NewGuid().ToString("N") + ".db");

    public SqliteApp()
    {
        Settings["Database:Provider"] = "Sqlite";
        Settings["ConnectionStrings:CtiPush"] = $"Data Source={file}";
    }

    protected override ValueTask DisposeDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Production's database: a fresh database on the test run's PostgreSQL server.</summary>
public sealed class PostgresApp(PostgresServer server) : CtiPushApp
{
    public override async ValueTask InitializeAsync()
    {
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:CtiPush"] = await server.CreateDatabaseAsync();
    }
}
