using System.Text.Json.Serialization;
using CtiPush.CallLog;
using CtiPush.Rules;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>
/// The JSON answer to a push: <c>{}</c>, <c>{"action":"reject","reason":"busy"}</c>, or
/// <c>{"action":"dial","callerId":"…","number":"…","caller_id":"…"}</c> (<c>caller_id</c> for scripts written for Zammad).
/// </summary>
public sealed record PushAnswer(
    [property: JsonPropertyName("action"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Action = null,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyName("callerId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerId = null,
    [property: JsonPropertyName("number"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Number = null,
    [property: JsonPropertyName("caller_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerIdForZammadScripts = null)
{
    public static PushAnswer Nothing { get; } = new();

    /// <summary>Only a newCall is answered with a decision; answer and hangup get <c>{}</c>.</summary>
    public static PushAnswer For(CtiEvent e, Call call) => e.Type == CallState.NewCall ? ForNewCall(call.Decision, call.To) : Nothing;

    /// <summary>The answer to a newCall: dial carries the number as the PBX posted it.</summary>
    public static PushAnswer ForNewCall(CallDecision decision, string? to) => decision.Action switch
    {
        CallDecision.RejectAction => new(CallDecision.RejectAction, Reason: decision.Reason),
        CallDecision.DialAction => new(CallDecision.DialAction, CallerId: decision.CallerId, Number: to, CallerIdForZammadScripts: decision.CallerId),
        _ => Nothing,
    };
}
