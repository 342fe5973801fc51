using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CtiPush.Push;

/// <summary>
/// The fields of a push as the protocol names them, for the API description. The endpoint reads the
/// body itself (<see cref="PushBodyReader"/>): <c>user[]</c> repeats, and PBXs add fields of their own.
/// </summary>
public sealed record PushForm(
    [property: JsonPropertyName("event"), Description("newCall, answer or hangup")] string Event,
    [property: JsonPropertyName("callId"), Description("Identifies the call across its events; at most 250 characters. call_id is accepted too.")] string CallId,
    [property: JsonPropertyName("direction"), Description("in or out; required on newCall")] string? Direction,
    [property: JsonPropertyName("from"), Description("The calling number, e.g. 493055571600, or anonymous; required on newCall")] string? From,
    [property: JsonPropertyName("to"), Description("The called number, e.g. 491711234567890; required on newCall")] string? To,
    [property: JsonPropertyName("user[]"), Description("newCall: the users involved, one field per user")] string[]? Users,
    [property: JsonPropertyName("user"), Description("answer: the user who answered")] string? User,
    [property: JsonPropertyName("queue"), Description("The queue name, e.g. helpdesk")] string? Queue,
    [property: JsonPropertyName("cause"), Description("hangup: normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded (others are kept)")] string? Cause,
    [property: JsonPropertyName("answeringNumber"), Description("The number that answered")] string? AnsweringNumber);
