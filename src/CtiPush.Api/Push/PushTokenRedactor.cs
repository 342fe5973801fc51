using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace CtiPush.Push;

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

    [GeneratedRegex(@"(?<=" + PushApi.RoutePrefix + @"/+)[^/\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInPushPath();
}
