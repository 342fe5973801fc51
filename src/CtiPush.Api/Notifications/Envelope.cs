using System.Text;
using System.Text.Json;

namespace CtiPush.Notifications;

/// <summary>
/// A notification as a JSON receiver gets it, in the shape the Standard Webhooks specification suggests:
/// <c>{"id","type","timestamp","data"}</c>; <c>data</c> is the call view (or the callback view) as the API shows it.
/// </summary>
public sealed record Envelope(string Id, string Type, DateTimeOffset Timestamp, object Data)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => Serialize(Id, Type, Timestamp, JsonSerializer.Serialize(Data, Data.GetType(), Json));

    /// <summary>
    /// The envelope around <paramref name="data"/>, serialised already: a change that reached several events of one call
    /// (a missed call's end, a batch with its ring, answer and hangup) serialises the call once for all of them.
    /// </summary>
    public static string Serialize(string id, string type, DateTimeOffset timestamp, string data)
    {
        using var buffer = new MemoryStream(data.Length + 128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("type", type);
            json.WriteString("timestamp", timestamp);
            json.WritePropertyName("data");
            json.WriteRawValue(data, skipInputValidation: true);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
