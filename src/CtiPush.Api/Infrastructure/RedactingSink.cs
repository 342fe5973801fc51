using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace CtiPush.Infrastructure;

/// <summary>
/// Stands before every sink: an event that carries a secret — in its message template, in any string of its
/// properties, in its exception's text — is passed on as a copy with the secret masked. An enricher could not do
/// this: it may change properties, but neither the template nor the exception.
/// </summary>
internal sealed class RedactingSink(ILogEventSink sinks, ILogRedactor[] redactors) : ILogEventSink
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent) => sinks.Emit(redactors.Length == 0 ? logEvent : Redact(logEvent));

    private LogEvent Redact(LogEvent logEvent)
    {
        var changed = false;

        var template = logEvent.MessageTemplate;
        if (Redact(template.Text) is var text && !ReferenceEquals(text, template.Text))
        {
            template = Parser.Parse(text);
            changed = true;
        }

        var properties = new List<LogEventProperty>(logEvent.Properties.Count);
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = Redact(value);
            changed |= !ReferenceEquals(redacted, value);
            properties.Add(new LogEventProperty(name, redacted));
        }

        var exception = logEvent.Exception;
        if (exception?.ToString() is { } original && Redact(original) is var shown && !ReferenceEquals(shown, original))
        {
            exception = new RedactedException(Redact(exception.Message), shown);
            changed = true;
        }

        return changed
            ? new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties, logEvent.TraceId ?? default, logEvent.SpanId ?? default)
            : logEvent;
    }

    private string Redact(string text)
    {
        foreach (var redactor in redactors)
        {
            text = redactor.Redact(text);
        }
        return text;
    }

    /// <summary>The value with its strings redacted, at any depth; the same instance when nothing changed.</summary>
    private LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                return Redact(text) is var masked && !ReferenceEquals(masked, text) ? new ScalarValue(masked) : value;
            case ScalarValue { Value: { } other } when other is not IConvertible:
                // Uri, PathString and the like: what a sink would show is their text.
                var shown = other.ToString() ?? "";
                return Redact(shown) is var redacted && !ReferenceEquals(redacted, shown) ? new ScalarValue(redacted) : value;
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Redact).ToList();
                return elements.Where((element, i) => !ReferenceEquals(element, sequence.Elements[i])).Any() ? new SequenceValue(elements) : value;
            case StructureValue structure:
                var members = structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))).ToList();
                return members.Where((member, i) => !ReferenceEquals(member.Value, structure.Properties[i].Value)).Any()
                    ? new StructureValue(members, structure.TypeTag)
                    : value;
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => KeyValuePair.Create((ScalarValue)Redact(e.Key), Redact(e.Value))).ToList();
                return entries.Zip(dictionary.Elements).Any(pair => !ReferenceEquals(pair.First.Key, pair.Second.Key) || !ReferenceEquals(pair.First.Value, pair.Second.Value))
                    ? new DictionaryValue(entries)
                    : value;
            default:
                return value;
        }
    }

    /// <summary>
    /// What the sinks show of an exception (<see cref="Exception.ToString"/>: type, message, stack trace), redacted;
    /// the original, whose text holds the secret, goes no further.
    /// </summary>
    private sealed class RedactedException(string message, string shown) : Exception(message)
    {
        public override string ToString() => shown;
    }
}
