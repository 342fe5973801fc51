using System.Text.Json;

namespace CtiPush.Notifications;

/// <summary>
/// A notification as a JSON receiver gets it, in the shape the Standard Webhooks specification suggests:
/// <c>{"id","type","timestamp","data"}</c>; <c>data</c> is the call view (or the callback view) as the API shows it.
/// </summary>
public sealed record Envelope(string Id, string Type, DateTimeOffset Timestamp, object Data)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}
