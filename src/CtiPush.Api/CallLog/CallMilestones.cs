namespace CtiPush.CallLog;

/// <summary>What a call has reached that others follow (notifications announce each once), in the order they happen.</summary>
[Flags]
public enum CallMilestones
{
    None = 0,

    /// <summary>A newCall came and nobody has answered or ended it yet; a rejected caller never rings.</summary>
    Ringing = 1,
    Answered = 2,
    Ended = 4,

    /// <summary>Ended as <see cref="Call.Missed"/>.</summary>
    Missed = 8,
}
