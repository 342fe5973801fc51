using System.ComponentModel;

namespace CtiPush.Statistics;

/// <summary>
/// The team's figures for one group (a bucket of time, a queue or an agent), as README's glossary defines them:
/// <list type="bullet">
/// <item><b>offered</b>: inbound calls no longer ringing (answered or ended), blocked callers excluded; a journey across
/// legs (a transfer) counts once, as its first leg.</item>
/// <item><b>answered</b>: offered and answered by a person (not the mailbox) on any leg.</item>
/// <item><b>abandoned</b>: offered and not answered (hung up, taken by the mailbox, forwarded elsewhere).</item>
/// <item><b>short abandon</b>: abandoned within <c>Stats:ShortAbandonSeconds</c>; left out of answer rate and service level.</item>
/// <item><b>answer rate</b>: answered / (offered − short abandons); <b>service level</b>: answered within
/// <c>Stats:ServiceLevelSeconds</c> / (offered − short abandons).</item>
/// <item><b>ASA</b>: mean waiting time of answered calls; median and 90th percentile of the same.</item>
/// <item><b>answered share</b> (agent rows only): the agent's answered / the answered of the total.</item>
/// </list>
/// </summary>
public sealed record TeamFigures(
    [property: Description("The bucket's start (in CallLog:TimeZone), the queue or the agent; absent on the total")] string? Group,
    [property: Description("Inbound calls no longer ringing, blocked callers excluded, a journey across legs counted once")] int Offered,
    [property: Description("Offered calls a person (not the mailbox) answered, on any leg")] int Answered,
    [property: Description("Offered calls not answered by a person")] int Abandoned,
    [property: Description("Abandoned within Stats:ShortAbandonSeconds")] int ShortAbandoned,
    [property: Description("Inbound calls the rules rejected or the PBX blocked")] int Blocked,
    [property: Description("Answered / (offered − short abandons), 0 to 1; null without such calls")] double? AnswerRate,
    [property: Description("Answered within Stats:ServiceLevelSeconds / (offered − short abandons), 0 to 1; null without such calls")] double? ServiceLevel,
    [property: Description("Average speed of answer: mean waiting time of answered calls, seconds")] double? AsaSeconds,
    [property: Description("Median waiting time of answered calls, seconds")] double? WaitingMedianSeconds,
    [property: Description("90th percentile of the same")] double? WaitingP90Seconds,
    [property: Description("Talking time of inbound calls answered by a person, all legs, seconds")] long TalkingSeconds,
    [property: Description("Talking time per answered call, seconds")] double? TalkingMeanSeconds,
    [property: Description("Outbound calls")] int Outbound,
    [property: Description("Talking time of outbound calls, seconds")] long OutboundTalkingSeconds,
    [property: Description("Offered calls that started outside Stats:BusinessHours (0 without them); not in the other figures with hours=business")] int OutsideHours,
    [property: Description("Callbacks opened (first missed call) in the group; counted by time only")] int CallbacksOpened,
    [property: Description("Callbacks resolved in the group; counted by time only")] int CallbacksResolved,
    [property: Description("Median time from a callback's first missed call to its resolution, seconds")] double? CallbackMedianSeconds,
    [property: Description("By agent: the agent's answered / the total's answered, 0 to 1; null on other rows, on the total and without answered calls")] double? AnsweredShare = null);

/// <summary>The answer of <c>GET /api/v1/stats</c>: one row per group, and the total of the period.</summary>
public sealed record TeamStatistics(IReadOnlyList<TeamFigures> Rows, TeamFigures Total);
