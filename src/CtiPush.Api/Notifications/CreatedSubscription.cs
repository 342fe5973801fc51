using System.ComponentModel;

namespace CtiPush.Notifications;

/// <summary>The creation's answer: the subscription and, this once, its signing secret.</summary>
public sealed record CreatedSubscription(
    long Id,
    SubscriptionKind Kind,
    string? Url,
    string? Email,
    IReadOnlyList<string> Events,
    string? Queue,
    string? Source,
    string? User,
    MessageFormat Format,
    bool Enabled,
    string? Note,
    DateTimeOffset CreatedAt,
    [property: Description("whsec_ and base64 of 32 random bytes: verify the webhook-signature header with it. Shown only here")] string Secret);
