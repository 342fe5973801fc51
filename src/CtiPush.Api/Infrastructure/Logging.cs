using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CtiPush.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Serilog for everything the service and the framework log. Sinks and levels come from configuration
    /// (section <c>Serilog</c>); any <see cref="ILogEventSink"/> or <see cref="ILogEventEnricher"/> registered as a
    /// service is added too (the push feature masks its tokens so).
    /// </summary>
    public static IHostApplicationBuilder AddCtiPushLogging(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (development)
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        }, preserveStaticLogger: true); // each host its own logger: nothing here logs through the static Log
        return builder;
    }

    /// <summary>One line per request; features add what they know to it (the push: the PBX's name and the event).</summary>
    public static WebApplication UseCtiPushRequestLogging(this WebApplication app)
    {
        // The host's own logger: with preserveStaticLogger the static one is silent, and the line would be lost.
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            // A 503 is the database away, answered as designed: a warning. A 500 is a bug.
            options.GetLevel = (context, _, failure) => failure is not null || context.Response.StatusCode >= 500
                ? context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning : LogEventLevel.Error
                : LogEventLevel.Information;
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        });
        return app;
    }
}
