using System.ComponentModel;
using CtiPush.Push;

namespace CtiPush.Rules;

public sealed record Evaluation(
    [property: Description("The JSON body the PBX would get")] PushAnswer Answer,
    [property: Description("The rule that decided, or null when none applied")] string? DecidedBy,
    [property: Description("from as the rules compare it (E.164 digits), or null when it is not a number")] string? FromNumber,
    [property: Description("to as the rules compare it")] string? ToNumber);
