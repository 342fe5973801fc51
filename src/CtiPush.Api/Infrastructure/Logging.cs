using System.Text.RegularExpressions;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CtiPush.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Serilog for everything the service and the framework log. Sinks and levels come from configuration
    /// (section <c>Serilog</c>); any <see cref="ILogEventSink"/> registered as a service is added too.
    /// </summary>
    public static IHostApplicationBuilder AddCtiPushLogging(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<PushTokenRedactor>();
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

    /// <summary>One line per request, with the PBX's name and the event, never the token.</summary>
    public static WebApplication UseCtiPushRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms");
        return app;
    }
}

/// <summary>
/// The push token is the last segment of the push URL, so any path or URL a log event carries —
/// the request log's, the framework's own — is masked here, where every event passes.
/// </summary>
public sealed partial class PushTokenRedactor : ILogEventEnricher
{
    public const string Mask = "***";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: { } scalar } && scalar.ToString() is { } text && TokenInPushPath().IsMatch(text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Redact(text))));
            }
        }
    }

    public static string Redact(string text) => TokenInPushPath().Replace(text, Mask);

    [GeneratedRegex(@"(?<=/api/v1/cti/+)[^/\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInPushPath();
}
