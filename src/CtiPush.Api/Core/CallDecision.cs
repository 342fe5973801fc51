namespace CtiPush.Core;

/// <summary>
/// What the PBX is told to do with a new call: nothing (<c>{}</c>), reject an inbound caller, or dial an
/// outbound call with a chosen caller id. <see cref="Rule"/> names what decided, so an admin can see why.
/// </summary>
public sealed record CallDecision(string? Action = null, string? Reason = null, string? CallerId = null, string? Rule = null)
{
    public const string RejectAction = "reject";
    public const string DialAction = "dial";

    public static CallDecision None { get; } = new();

    public static CallDecision Reject(string reason, string rule) => new(RejectAction, reason, null, rule);

    public static CallDecision Dial(string callerId, string rule) => new(DialAction, null, callerId, rule);
}
