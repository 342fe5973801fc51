namespace CtiPush.Phonebook;

/// <summary>A person or company the admin wants to see by name on calls.</summary>
public sealed class Contact
{
    public long Id { get; private set; }
    public string Name { get; set; } = "";
    public string? Organisation { get; set; }
    public string? Note { get; set; }

    /// <summary>When several contacts share a number, the most recently updated is named first.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ContactNumber> Numbers { get; } = [];
}
