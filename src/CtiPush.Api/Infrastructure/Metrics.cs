using OpenTelemetry.Metrics;

namespace CtiPush.Infrastructure;

/// <summary>
/// The service's own meter, <c>CtiPush</c>, to which each feature adds its instruments (create it with
/// <c>IMeterFactory.Create(Metrics.MeterName)</c>), exposed with ASP.NET Core's, Kestrel's, the runtime's and
/// Npgsql's meters at <c>/metrics</c> for Prometheus.
/// </summary>
public static class Metrics
{
    public const string MeterName = "CtiPush";
    public const string Path = "/metrics";

    public static IHostApplicationBuilder AddCtiPushMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Unauthenticated, as Prometheus scrapes: counts, PBX names, and in Npgsql's pool metrics the database's host,
    /// name and user (never the password); no secret and no call. Keep it on the internal network.
    /// </summary>
    public static WebApplication MapCtiPushMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(Path).WithTags("Operations");
        return app;
    }
}
