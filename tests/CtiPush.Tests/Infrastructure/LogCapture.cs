using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace CtiPush.Tests.Infrastructure;

/// <summary>Every log event the app writes, rendered in full (message, properties, exception), for assertions.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    public IReadOnlyList<string> Lines => [.. events.Select(Render)];

    /// <summary>The events as written, for assertions on their level and properties.</summary>
    public IReadOnlyList<LogEvent> Events => [.. events];

    /// <summary>The one line per request that the request logging writes (<c>HTTP POST /path responded 200 in 1.2 ms</c>).</summary>
    public IReadOnlyList<LogEvent> Requests => [.. events.Where(e =>
        e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Serilog.AspNetCore.RequestLoggingMiddleware" })];

    /// <summary>The events at Error or above, rendered: what an operator would be alarmed by.</summary>
    public IReadOnlyList<string> Errors => [.. events.Where(e => e.Level >= LogEventLevel.Error).Select(Render)];

    /// <summary>A property's plain value (a string without quotes, a number as it is); null when the event has none.</summary>
    public static object? Value(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    private static string Render(LogEvent e) =>
        $"{e.Level} {e.RenderMessage()} {string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}";
}
