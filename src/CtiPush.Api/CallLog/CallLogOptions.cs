namespace CtiPush.CallLog;

/// <summary>Section <c>CallLog</c>.</summary>
public sealed class CallLogOptions
{
    public const string Section = "CallLog";

    /// <summary>Calls that started longer ago are deleted; 0 keeps every call.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>
    /// Calls that started longer ago keep their times, durations, state, queue and agents but lose their numbers
    /// (and the raw events every field that may name a person); 0, the default, never.
    /// </summary>
    public int AnonymiseAfterDays { get; set; }

    /// <summary>A call still ringing or talking this long after it started is closed with cause <c>timeout</c>; 0 never.</summary>
    public int StaleAfterMinutes { get; set; } = 240;
}
