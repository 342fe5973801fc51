namespace CtiPush.Privacy;

/// <summary>The export document: the number, and one section per kind of record, as each store adds it.</summary>
public sealed class PrivacyExport(string number, string? display, DateTimeOffset exportedAt)
{
    public string Number { get; } = number;
    public string? Display { get; } = display;
    public DateTimeOffset ExportedAt { get; } = exportedAt;

    /// <summary>Section name (<c>calls</c>, <c>callbacks</c>, …) → its records, in the order the stores added them.</summary>
    public Dictionary<string, object> Sections { get; } = [];

    /// <summary>Adds a section; a second store adding one of the same name appends to it.</summary>
    public void Add<T>(string section, IEnumerable<T> records)
    {
        if (Sections.TryGetValue(section, out var existing) && existing is List<object> list)
        {
            list.AddRange(records.Cast<object>());
            return;
        }
        Sections[section] = records.Cast<object>().ToList();
    }
}
