using System.Text.Json;
using System.Text.Json.Nodes;

namespace CtiPush.Notifications;

/// <summary>
/// What a receiver is sent: the event's JSON as stored, or a message in the shape Slack's incoming webhooks take
/// (<c>text</c> and Block Kit <c>blocks</c>) or a Teams workflow webhook takes (a message with an Adaptive Card).
/// </summary>
public static class MessageBodies
{
    public static string For(MessageFormat format, string payload)
    {
        if (format == MessageFormat.Json)
        {
            return payload;
        }
        using var envelope = JsonDocument.Parse(payload);
        var (title, text) = NotificationText.Of(envelope.RootElement);
        var at = envelope.RootElement.GetProperty("timestamp").GetDateTimeOffset();
        var footer = $"CtiPush · {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {envelope.RootElement.GetProperty("id").GetString()}";
        return (format == MessageFormat.Slack ? Slack(title, text, footer) : Teams(title, text, footer)).ToJsonString();
    }

    /// <summary>Slack: <c>text</c> is the notification's fallback, <c>blocks</c> what the channel shows.</summary>
    private static JsonObject Slack(string title, string text, string footer) => new()
    {
        ["text"] = text,
        ["blocks"] = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text } },
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "plain_text", ["text"] = footer }) }),
    };

    /// <summary>Teams (a workflow's "When a Teams webhook request is received"): one attachment, an Adaptive Card 1.4.</summary>
    private static JsonObject Teams(string title, string text, string footer) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["contentUrl"] = null,
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = footer, ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true }),
            },
        }),
    };
}
