using System.Globalization;
using System.Text.Json;

namespace CtiPush.Notifications;

/// <summary>
/// A notification in words, for Slack, Teams and e-mail: "Missed call from Erika Mustermann, +49 30 5557 1600, queue
/// support, waited 42 s". Read from the stored payload, so it says what the call was when the event happened.
/// </summary>
public static class NotificationText
{
    /// <summary>The headline and the sentence, from an <see cref="Envelope"/>'s JSON.</summary>
    public static (string Title, string Text) Of(JsonElement envelope)
    {
        var type = envelope.GetProperty("type").GetString();
        var data = envelope.GetProperty("data");
        return type switch
        {
            NotificationEvents.CallRinging => Call(data, Outbound(data) ? "Outbound call" : "Incoming call",
                Outbound(data) ? $"Outbound call to {Party(data)}" : $"Incoming call from {Party(data)}", Users(data)),
            NotificationEvents.CallAnswered => Call(data, "Call answered",
                $"{Text(data, "answeredBy") ?? "Someone"} answered the call {(Outbound(data) ? "to" : "from")} {Party(data)}", Seconds(data, "waitingSeconds", "after")),
            NotificationEvents.CallEnded => Call(data, "Call ended",
                $"Call {(Outbound(data) ? "to" : "from")} {Party(data)} ended", Cause(data), Seconds(data, "talkingSeconds", "talked") ?? Seconds(data, "waitingSeconds", "waited")),
            NotificationEvents.CallMissed => Call(data, "Missed call", $"Missed call from {Party(data)}", Seconds(data, "waitingSeconds", "waited")),
            NotificationEvents.CallbackOpened => ("Call back", Join($"Call back {Caller(data)}", Attempts(data), Queues(data))),
            NotificationEvents.CallbackResolved => ("Callback resolved", Join($"Callback for {Caller(data)} resolved",
                Text(data, "outcome") is { } outcome ? $"outcome {outcome}" : null, Text(data, "resolvedBy") is { } by ? $"by {by}" : null)),
            NotificationEvents.Test => ("Test event", "Test event from CtiPush: this subscription works."),
            _ => (type ?? "event", type ?? "event"),
        };
    }

    private static (string, string) Call(JsonElement data, string title, string start, params string?[] more) =>
        (title, Join(start, [Text(data, "queue") is { } queue ? $"queue {queue}" : null, .. more]));

    private static string Join(string start, params string?[] parts) =>
        string.Join(", ", new[] { start }.Concat(parts.OfType<string>()));

    private static bool Outbound(JsonElement data) => Text(data, "direction") == "out";

    /// <summary>The other party: the phonebook's name (with organisation, as the call view has it) and the number.</summary>
    private static string Party(JsonElement data)
    {
        var (name, display, raw) = Outbound(data)
            ? (Text(data, "toName"), Text(data, "toDisplay"), Text(data, "to"))
            : (Text(data, "fromName"), Text(data, "fromDisplay"), Text(data, "from"));
        return string.Join(", ", new[] { name, display ?? raw ?? "an unknown number" }.OfType<string>());
    }

    private static string Caller(JsonElement data) =>
        string.Join(", ", new[] { Text(data, "names"), Text(data, "display") ?? Text(data, "number") }.OfType<string>());

    private static string? Users(JsonElement data) =>
        data.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Array && users.GetArrayLength() > 0
            ? "for " + string.Join(", ", users.EnumerateArray().Select(u => u.GetString()))
            : null;

    private static string? Queues(JsonElement data) =>
        data.TryGetProperty("queues", out var queues) && queues.ValueKind == JsonValueKind.Array && queues.GetArrayLength() > 0
            ? (queues.GetArrayLength() == 1 ? "queue " : "queues ") + string.Join(", ", queues.EnumerateArray().Select(q => q.GetString()))
            : null;

    private static string? Attempts(JsonElement data) =>
        data.TryGetProperty("attempts", out var attempts) && attempts.TryGetInt32(out var n)
            ? n == 1 ? "1 attempt" : string.Create(CultureInfo.InvariantCulture, $"{n} attempts")
            : null;

    private static string? Cause(JsonElement data) => Text(data, "cause") is { } cause ? $"cause {cause}" : null;

    private static string? Seconds(JsonElement data, string name, string verb) =>
        data.TryGetProperty(name, out var value) && value.TryGetInt32(out var seconds) ? string.Create(CultureInfo.InvariantCulture, $"{verb} {seconds} s") : null;

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
