using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CtiPush.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Serilog for everything the service and the framework log. Levels, enrichers and sinks come from configuration
    /// (section <c>Serilog</c>); any <see cref="ILogEventEnricher"/> or <see cref="ILogEventSink"/> registered as a
    /// service is added too. Every sink — the console, those configured, those registered — writes behind one
    /// <see cref="RedactingSink"/> that applies each <see cref="ILogRedactor"/> registered as a service (the push
    /// feature masks its tokens so), to the message template, every property and the exception's text.
    /// </summary>
    public static IHostApplicationBuilder AddCtiPushLogging(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            ILogRedactor[] redactors = [.. services.GetServices<ILogRedactor>()];
            logger.ReadFrom.Configuration(SerilogSettings(builder.Configuration, sinks: false))
                .Enrich.With([.. services.GetServices<ILogEventEnricher>()])
                .Enrich.FromLogContext()
                .WriteTo.Sink(LoggerSinkConfiguration.Wrap(
                    all => new RedactingSink(all, redactors),
                    sinks => AddSinks(sinks, builder.Configuration, services, development)));
        }, preserveStaticLogger: true); // each host its own logger: nothing here logs through the static Log
        return builder;
    }

    /// <summary>The sinks configured (<c>Serilog:WriteTo</c>), those registered as services, and the console.</summary>
    private static void AddSinks(LoggerSinkConfiguration sinks, IConfiguration configuration, IServiceProvider services, bool development)
    {
        var configured = SerilogSettings(configuration, sinks: true);
        if (configured.AsEnumerable().Any(setting => IsSink(setting.Key)))
        {
            // Levels were decided before the events got here: this logger only carries them to the configured sinks.
            sinks.Logger(fromConfiguration => fromConfiguration.MinimumLevel.Verbose().ReadFrom.Configuration(configured));
        }
        foreach (var sink in services.GetServices<ILogEventSink>())
        {
            sinks.Sink(sink);
        }
        if (development)
        {
            sinks.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
        }
        else
        {
            sinks.Console(new RenderedCompactJsonFormatter());
        }
    }

    private const string SerilogSection = "Serilog";

    /// <summary>
    /// The <c>Serilog</c> section split in two, so that the sinks it configures can stand behind the redaction:
    /// without <paramref name="sinks"/>, everything but <c>WriteTo</c> and <c>AuditTo</c> (levels, enrichers, filters);
    /// with them, only those and the assemblies and level switches they may name (<c>Using</c>, <c>LevelSwitches</c>).
    /// Only values are copied, never the empty parents some configuration sources report.
    /// </summary>
    private static IConfiguration SerilogSettings(IConfiguration configuration, bool sinks) => new ConfigurationBuilder()
        .AddInMemoryCollection(configuration.GetSection(SerilogSection).AsEnumerable()
            .Where(setting => setting.Value is not null && !configuration.GetSection(setting.Key).GetChildren().Any())
            .Where(setting => IsSink(setting.Key) == sinks || Part(setting.Key) is "using" or "levelswitches"))
        .Build();

    private static bool IsSink(string key) => Part(key) is "writeto" or "auditto";

    /// <summary><c>writeto</c> for <c>Serilog:WriteTo:0:Name</c>.</summary>
    private static string Part(string key) => key.Split(':') is [_, var part, ..] ? part.ToLowerInvariant() : "";

    /// <summary>
    /// The request line's level: information for every answer given, 4xx included (a client's mistake, or its leaving:
    /// 499); a warning for a 503, the database away and answered as designed; an error for any other 5xx or an
    /// exception that got past every handler, which is a bug.
    /// </summary>
    public static LogEventLevel RequestLevel(HttpContext context, double elapsedMilliseconds, Exception? failure) =>
        failure is not null || context.Response.StatusCode >= 500
            ? context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && failure is null ? LogEventLevel.Warning : LogEventLevel.Error
            : LogEventLevel.Information;

    /// <summary>
    /// One line per request — method, path (tokens masked like everything else), status, time and the client's
    /// address; features add what they know to it (the push: the PBX's name and the event).
    /// </summary>
    public static WebApplication UseCtiPushRequestLogging(this WebApplication app)
    {
        // The host's own logger: with preserveStaticLogger the static one is silent, and the line would be lost.
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.GetLevel = RequestLevel;
            // Who asked: behind a trusted proxy the address it forwarded (the proxies' middleware runs first).
            options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("ClientAddress",
                context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4().ToString() : context.Connection.RemoteIpAddress?.ToString());
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        });
        return app;
    }
}
