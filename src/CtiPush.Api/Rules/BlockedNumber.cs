namespace CtiPush.Rules;

/// <summary>An inbound caller the PBX is told to reject. <see cref="Pattern"/> is the normalised form of <see cref="Number"/>.</summary>
public sealed class BlockedNumber
{
    public long Id { get; private set; }

    /// <summary>As the admin wrote it.</summary>
    public string Number { get; set; } = "";

    /// <summary>E.164 digits, digits followed by <c>*</c>, the literal <c>anonymous</c>, or <c>contact:ID</c>.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>Blocks every number of this contact, as the phonebook has them now; deleting the contact removes the entry.</summary>
    public long? ContactId { get; set; }
    public BlockReason Reason { get; set; }
    public string? Note { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>The one PBX this entry applies to; null for all.</summary>
    public string? Source { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
