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

    /// <summary>The events at Error or above, rendered: what an operator would be alarmed by.</summary>
    public IReadOnlyList<string> Errors => [.. events.Where(e => e.Level >= LogEventLevel.Error).Select(Render)];

    private static string Render(LogEvent e) =>
        $"{e.Level} {e.RenderMessage()} {string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}";
}
