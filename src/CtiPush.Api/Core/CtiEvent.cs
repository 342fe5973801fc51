namespace CtiPush.Core;

/// <summary>
/// One validated event as a PBX posted it: the only input of the call log's state machine. <see cref="OrigCallId"/> is
/// sipgate's: a transferred call's new leg names the call it continues.
/// </summary>
public sealed record CtiEvent(
    CallState Type,
    string CallId,
    CallDirection? Direction = null,
    string? From = null,
    string? To = null,
    string? Queue = null,
    IReadOnlyList<string>? Users = null,
    string? Cause = null,
    string? AnsweringNumber = null,
    string? OrigCallId = null)
{
    public IReadOnlyList<string> Users { get; init; } = Users ?? [];

    /// <summary><see cref="From"/> and <see cref="To"/> normalised to E.164 digits, where they are numbers.</summary>
    public string? FromNumber { get; init; }
    public string? ToNumber { get; init; }

    /// <summary>A hangup that says the mailbox took the call (Placetel's <c>type=voicemail</c>): it answers the call by voicemail too.</summary>
    public bool TakenByMailbox { get; init; }
}
