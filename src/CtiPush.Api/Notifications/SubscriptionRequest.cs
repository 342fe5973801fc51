using System.ComponentModel;

namespace CtiPush.Notifications;

/// <summary>A subscription as an admin writes it; a <c>PUT</c> replaces it all (the secret stays).</summary>
public sealed record SubscriptionRequest(
    [property: Description("webhook (default) or email")] string? Kind,
    [property: Description("The receiver, absolute http(s); webhooks")] string? Url,
    [property: Description("The recipient's address; e-mail")] string? Email,
    [property: Description("call.ringing, call.answered, call.ended, call.missed, callback.opened, callback.resolved")] IReadOnlyList<string>? Events,
    [property: Description("Only calls in this queue (and callbacks with it)")] string? Queue,
    [property: Description("Only calls of this PBX")] string? Source,
    [property: Description("Only calls that rang for, or were answered by, this PBX name")] string? User,
    [property: Description("json (default, signed), slack or teams")] string? Format,
    bool? Enabled,
    string? Note);
