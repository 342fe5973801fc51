using System.ComponentModel;

namespace CtiPush.Rules;

public sealed record DefaultCallerId([property: Description("Caller id for outbound calls no route matches; null: none")] string? CallerId);
