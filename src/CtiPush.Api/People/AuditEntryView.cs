namespace CtiPush.People;

public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string? Target);
