namespace CtiPush.CallLog;

/// <summary>How long the log keeps calls: whole, then without numbers, then not at all; 0 is for ever.</summary>
public sealed record CallKeeping(int RetentionDays, int AnonymiseAfterDays);
