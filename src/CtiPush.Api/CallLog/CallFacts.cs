using CtiPush.Core;

namespace CtiPush.CallLog;

/// <summary>What statistics need of one call.</summary>
public sealed record CallFacts(DateTimeOffset StartedAt, CallDirection? Direction, string? Queue, CallState State,
    bool Answered, string? AnsweredBy, string? Cause, int? WaitingSeconds, int? TalkingSeconds);
