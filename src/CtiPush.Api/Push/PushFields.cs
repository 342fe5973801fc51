using System.Text.Json;

namespace CtiPush.Push;

/// <summary>
/// The fields of one push exactly as the PBX sent them, whatever the content type: names in the order
/// first seen, a repeated name keeps every value. Names are matched case-insensitively, as form posts are.
/// </summary>
public sealed class PushFields
{
    /// <summary>As many as ASP.NET Core's form reader takes; a post with more is not a PBX's.</summary>
    public const int MaxFields = 1024;

    private readonly Dictionary<string, List<string>> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> names = [];
    private int count;

    public void Add(string name, string value)
    {
        if (++count > MaxFields)
        {
            throw new InvalidDataException($"More than {MaxFields} fields.");
        }
        if (!byName.TryGetValue(name, out var values))
        {
            byName[name] = values = [];
            names.Add(name);
        }
        values.Add(value);
    }

    public IReadOnlyList<string> this[string name] => byName.TryGetValue(name, out var values) ? values : [];

    /// <summary>A JSON object for the audit trail: one string per field, an array where the name repeated.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var name in names)
            {
                var values = byName[name];
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
