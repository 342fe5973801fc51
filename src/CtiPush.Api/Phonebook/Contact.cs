namespace CtiPush.Phonebook;

public enum NumberLabel
{
    Phone,
    Mobile,
    Fax,
    Other,
}

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

/// <summary>One number of a contact. <see cref="Normalized"/> is what calls are matched on (E.164 digits, as on calls).</summary>
public sealed class ContactNumber
{
    public long Id { get; private set; }
    public long ContactId { get; private set; }

    /// <summary>As the admin wrote it.</summary>
    public string Number { get; set; } = "";
    public string Normalized { get; set; } = "";
    public NumberLabel Label { get; set; }
}
