using System.Text.Json;

namespace CtiPush.Push;

/// <summary>
/// The fields of one push exactly as the PBX sent them, whatever the content type: names in the order
/// first seen, a repeated name keeps every value. Names are matched case-insensitively, as form posts are.
/// </summary>
public sealed class PushFields
{
    private readonly List<(string Name, List<string> Values)> fields = [];

    public void Add(string name, string value)
    {
        var index = fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            fields.Add((name, [value]));
        }
        else
        {
            fields[index].Values.Add(value);
        }
    }

    public IReadOnlyList<string> this[string name] =>
        fields.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Values ?? [];

    /// <summary>A JSON object for the audit trail: one string per field, an array where the name repeated.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, values) in fields)
            {
                if (values.Count == 1)
                {
                    json.WriteString(name, values[0]);
                    continue;
                }
                json.WriteStartArray(name);
                values.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
