using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>
/// Placetel's notify API (github.com/Placetel/call-control-notify-api) read as the protocol's events, so its calls take
/// the one write path, with the same checks, guarantees, rules and audit trail (which keeps Placetel's fields as sent):
/// <c>IncomingCall</c> is an inbound newCall, <c>OutgoingCall</c> an outbound one, <c>CallAccepted</c> an answer by
/// <c>peer</c> (the SIP peer that answered), <c>HungUp</c> a hangup whose cause is Placetel's <c>type</c> as sent
/// (<see cref="HangupCauses"/> reads it); <c>type=voicemail</c> says the mailbox took the call.
/// </summary>
public static class PlacetelDialect
{
    private static readonly Dictionary<string, (string Event, string? Direction)> Events = new(StringComparer.Ordinal)
    {
        ["IncomingCall"] = ("newCall", "in"),
        ["OutgoingCall"] = ("newCall", "out"),
        ["CallAccepted"] = ("answer", "in"), // "Only for incoming calls"
        ["HungUp"] = ("hangup", null), // its own direction field, where Placetel sends one
    };

    private const string EventChoices = "IncomingCall, OutgoingCall, CallAccepted or HungUp";

    /// <summary>The hangup types of Placetel's document; <c>busy</c>, <c>canceled</c>, <c>unavailable</c> and <c>congestion</c> end outbound calls only.</summary>
    public static IReadOnlyList<string> HangupTypes { get; } = ["accepted", "missed", "voicemail", "blocked", "busy", "canceled", "unavailable", "congestion"];

    private const string VoicemailType = "voicemail";

    // Errors name Placetel's fields, not the protocol's they were read as.
    private static readonly Dictionary<string, string> PlacetelName = new(StringComparer.Ordinal)
    {
        ["callId"] = "call_id",
        ["answeringNumber"] = "peer",
        ["cause"] = "type",
    };

    public static (CtiEvent? Event, Dictionary<string, string[]> Errors) Bind(PushFields placetel)
    {
        var errors = new Dictionary<string, string[]>();
        var generic = new PushFields();
        void Copy(string from, string to)
        {
            foreach (var value in placetel[from])
            {
                generic.Add(to, value);
            }
        }

        var events = placetel["event"];
        var known = events is [var name] && Events.TryGetValue(name.Trim(), out var mapped) ? mapped : default((string Event, string? Direction)?);
        if (events.Count == 0 || events.All(string.IsNullOrWhiteSpace))
        {
            errors["event"] = [$"is required: {EventChoices}."];
        }
        else if (events.Count > 1)
        {
            errors["event"] = ["must be sent once."];
        }
        else if (known is null)
        {
            errors["event"] = [$"must be {EventChoices}."];
        }
        if (known is { } e)
        {
            generic.Add("event", e.Event);
        }
        Copy("call_id", "call_id");
        if (known?.Direction is { } direction)
        {
            generic.Add("direction", direction);
        }
        else
        {
            Copy("direction", "direction");
        }
        Copy("from", "from");
        Copy("to", "to");
        if (known?.Event == "answer")
        {
            Copy("peer", "answeringNumber");
        }
        var mailbox = false;
        if (known?.Event == "hangup")
        {
            var types = placetel["type"];
            if (types is [var type] && !string.IsNullOrWhiteSpace(type) && !HangupTypes.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                errors["type"] = [$"must be {string.Join(", ", HangupTypes.SkipLast(1))} or {HangupTypes[^1]}."];
            }
            mailbox = types is [var only] && string.Equals(only.Trim(), VoicemailType, StringComparison.OrdinalIgnoreCase);
            Copy("type", "cause");
        }

        var (bound, protocolErrors) = PushEventBinder.Bind(generic);
        foreach (var (field, messages) in protocolErrors)
        {
            if (field != "event") // said above, in Placetel's words
            {
                errors.TryAdd(PlacetelName.GetValueOrDefault(field, field), messages);
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (bound! with { TakenByMailbox = mailbox }, errors);
    }

    /// <summary>The SIP peer that may be a person's PBX name: who answered, or who called out.</summary>
    public static string? PeerOf(CtiEvent e) => e.Type switch
    {
        CallState.Answer => e.AnsweringNumber,
        CallState.NewCall when e.Direction == CallDirection.Out => e.From,
        _ => null,
    };
}
