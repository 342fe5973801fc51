namespace CtiPush.CallLog;

/// <summary>One event exactly as it arrived, with every field the PBX sent (known or not): the audit trail.</summary>
public sealed class CallEvent(string type, DateTimeOffset receivedAt, string fields)
{
    public long Id { get; private set; }
    public long CallRowId { get; private set; }
    public string Type { get; private set; } = type;
    public DateTimeOffset ReceivedAt { get; private set; } = receivedAt;

    /// <summary>JSON object of the posted fields in the order sent; a repeated name maps to an array.</summary>
    public string Fields { get; private set; } = fields;

    /// <summary>The fields with personal data taken out (an erasure, anonymising by age); nothing else of an event changes.</summary>
    public void Rewrite(string fields) => Fields = fields;
}
