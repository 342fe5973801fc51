namespace CtiPush.Core;

/// <summary>
/// The one table from the causes PBXs send to <see cref="HangupCause"/>, read case-insensitively: the protocol's names,
/// Asterisk's <c>DIALSTATUS</c> (what AMI and ARI bridges pass on), and Placetel's hangup <c>type</c>. Anything else
/// is <see cref="HangupCause.Other"/>; no cause at all stays none.
/// </summary>
public static class HangupCauses
{
    /// <summary>Each spelling and what it means; the README's cause table is this one.</summary>
    public static IReadOnlyList<(string Sent, HangupCause Normalized)> Table { get; } =
    [
        // The protocol's own seven, and the service's timeout
        ("normalClearing", HangupCause.NormalClearing),
        ("busy", HangupCause.Busy),
        ("cancel", HangupCause.Cancel),
        ("noAnswer", HangupCause.NoAnswer),
        ("congestion", HangupCause.Congestion),
        ("notFound", HangupCause.NotFound),
        ("forwarded", HangupCause.Forwarded),
        ("timeout", HangupCause.Timeout),
        // Asterisk's DIALSTATUS: NOANSWER, BUSY, CANCEL and CONGESTION are the protocol's names in capitals
        ("ANSWER", HangupCause.NormalClearing),
        ("CHANUNAVAIL", HangupCause.NotFound), // the callee's channel is offline or unreachable: the protocol's "offline"
        ("DONTCALL", HangupCause.NoAnswer), // the callee sent the caller away (privacy manager): a refusal, as DND
        ("TORTURE", HangupCause.NoAnswer), // the same, to the torture script
        ("INVALIDARGS", HangupCause.Other), // the dial itself was wrong
        // Placetel's hangup types (busy and congestion as above)
        ("accepted", HangupCause.NormalClearing),
        ("missed", HangupCause.NoAnswer),
        ("voicemail", HangupCause.NormalClearing), // the mailbox answered; the call says so by its answerer
        ("blocked", HangupCause.Blocked),
        ("canceled", HangupCause.Cancel),
        ("unavailable", HangupCause.NotFound),
    ];

    private static readonly Dictionary<string, HangupCause> BySpelling = Table.ToDictionary(t => t.Sent, t => t.Normalized, StringComparer.OrdinalIgnoreCase);

    /// <summary>What <paramref name="sent"/> means; null when nothing was sent.</summary>
    public static HangupCause? Normalize(string? sent) =>
        string.IsNullOrWhiteSpace(sent) ? null : BySpelling.GetValueOrDefault(sent.Trim(), HangupCause.Other);

    /// <summary>
    /// The same table as one SQL expression over the column <paramref name="column"/>, for migrations that fill the
    /// normalised cause of rows stored before it existed; the result is the wire name (<c>noAnswer</c>) or NULL.
    /// </summary>
    public static string SqlCase(string column)
    {
        var whens = string.Join(" ", Table.Select(t => $"WHEN '{t.Sent.ToLowerInvariant()}' THEN '{WireName<HangupCause>.Of(t.Normalized)}'"));
        return $"CASE WHEN {column} IS NULL OR trim({column}) = '' THEN NULL ELSE CASE lower(trim({column})) {whens} ELSE '{WireName<HangupCause>.Of(HangupCause.Other)}' END END";
    }
}
