namespace CtiPush.CallLog;

/// <summary>The three events of the CTI push protocol; the state a call is in is the last of them that counted.</summary>
public enum CallState
{
    NewCall,
    Answer,
    Hangup,
}

public enum CallDirection
{
    In,
    Out,
}

/// <summary>One validated event as a PBX posted it: the only input of the call log's state machine.</summary>
public sealed record CtiEvent(
    CallState Type,
    string CallId,
    CallDirection? Direction = null,
    string? From = null,
    string? To = null,
    string? Queue = null,
    IReadOnlyList<string>? Users = null,
    string? Cause = null,
    string? AnsweringNumber = null)
{
    public IReadOnlyList<string> Users { get; init; } = Users ?? [];

    /// <summary><see cref="From"/> and <see cref="To"/> normalised to E.164 digits, where they are numbers.</summary>
    public string? FromNumber { get; init; }
    public string? ToNumber { get; init; }
}

/// <summary>The protocol's spelling of each value, used on the wire and in the database alike.</summary>
public static class WireNames
{
    public static string Of(CallState state) => state switch
    {
        CallState.NewCall => "newCall",
        CallState.Answer => "answer",
        _ => "hangup",
    };

    public static string Of(CallDirection direction) => direction == CallDirection.In ? "in" : "out";

    public static CallState? ParseState(string? value) => value switch
    {
        "newCall" => CallState.NewCall,
        "answer" => CallState.Answer,
        "hangup" => CallState.Hangup,
        _ => null,
    };

    public static CallDirection? ParseDirection(string? value) => value switch
    {
        "in" => CallDirection.In,
        "out" => CallDirection.Out,
        _ => null,
    };
}
