using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtiPush.Benchmarks;

/// <summary>
/// The naive ceiling the service is measured against: ASP.NET Core reading the same form post and doing one
/// durable single-row INSERT through raw Npgsql per request, then answering <c>{}</c>. Nothing else: no rules,
/// no call state, no audit trail.
/// </summary>
public sealed class CeilingApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private CeilingApp(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private init; } = null!;

    public static async Task<CeilingApp> StartAsync(string database)
    {
        var port = ServiceUnderTest.FreePortNumber();
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
