namespace CtiPush.Rules;

public enum BlockReason
{
    Busy,
    Rejected,
}

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

/// <summary>Outbound calls to <see cref="Destination"/> go out with <see cref="CallerId"/>; the lowest position that matches wins.</summary>
public sealed class CallerIdRoute
{
    public long Id { get; private set; }
    public string Destination { get; set; } = "";
    public string Pattern { get; set; } = "";
    public string CallerId { get; set; } = "";
    public int Position { get; set; }
    public string? Note { get; set; }
    public bool Enabled { get; set; } = true;
    public string? Source { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The one row of rule-wide settings; <see cref="Version"/> grows with every change, so instances notice.</summary>
public sealed class RuleSet
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public string? DefaultCallerId { get; set; }
    public long Version { get; set; }
}
