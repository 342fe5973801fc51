using System.ComponentModel;

namespace CtiPush.CallLog;

/// <summary>Figures for one bucket of time, for all queues together or for one queue.</summary>
public sealed record CallFigures(
    [property: Description("Null: calls in no queue; absent on the bucket's totals")] string? Queue,
    int Inbound,
    int Outbound,
    [property: Description("Inbound calls answered by a person (not the voicemail)")] int Answered,
    [property: Description("Inbound calls ended without a person answering (forwarded ones not counted)")] int Missed,
    [property: Description("Answered / inbound, 0 to 1; null without inbound calls")] double? AnswerRate,
    [property: Description("Median waiting time of answered inbound calls, seconds")] double? WaitingMedianSeconds,
    [property: Description("90th percentile of the same")] double? WaitingP90Seconds,
    [property: Description("Talking time of all calls, seconds")] long TalkingSeconds);
