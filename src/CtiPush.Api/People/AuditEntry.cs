namespace CtiPush.People;

/// <summary>One change made through the admin API, and who made it. The actor's name is kept as it was, so it outlives the account.</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public long? ActorPersonId { get; set; }

    /// <summary>What was done, as <c>area.verb</c>: <c>call.done</c>, <c>contact.update</c>, <c>user.create</c>, …</summary>
    public string Action { get; set; } = "";

    /// <summary>What it was done to, e.g. <c>call 42</c>.</summary>
    public string? Target { get; set; }
}
