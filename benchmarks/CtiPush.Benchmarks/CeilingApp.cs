using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// The naive ceiling the service is measured against: ASP.NET Core reading the same form post and doing one
/// durable single-row INSERT through raw Npgsql per request, then answering <c>{}</c>. Nothing else: no rules,
/// no call state, no audit trail. It runs as a process of its own (<c>ceiling DATABASE PORT</c>, started by
/// <see cref="StartProcessAsync"/>), as the service does, so neither shares a process with the load generators.
/// </summary>
public sealed class CeilingApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private CeilingApp(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private init; } = null!;

    /// <summary>The ceiling in a process of its own, ready for requests.</summary>
    public static async Task<BenchmarkProcess> StartProcessAsync(string database)
    {
        var port = ServiceUnderTest.FreePortNumber();
        var ceiling = BenchmarkProcess.Start("ceiling", database, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ceiling.WaitForLineAsync("listening");
        ceiling.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        return ceiling;
    }

    /// <summary>The process's work: serve until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        await using var ceiling = await StartAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("listening");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<CeilingApp> StartAsync(string database, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var dataSource = NpgsqlDataSource.Create(database);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS ceiling (id bigserial PRIMARY KEY, call_id text NOT NULL, event text NOT NULL, fields text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        var app = builder.Build();
        app.MapPost("/api/v1/cti/{token}", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            await using var insert = dataSource.CreateCommand("INSERT INTO ceiling (call_id, event, fields) VALUES ($1, $2, $3)");
            insert.Parameters.Add(new() { Value = form["callId"].ToString() });
            insert.Parameters.Add(new() { Value = form["event"].ToString() });
            insert.Parameters.Add(new() { Value = string.Join('&', form.Select(f => $"{f.Key}={f.Value}")) });
            await insert.ExecuteNonQueryAsync();
            return Results.Text("{}", "application/json");
        });
        await app.StartAsync();
        return new CeilingApp(app) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
