namespace CtiPush.Notifications;

/// <summary>A subscription as the API shows it: never with its secret.</summary>
public sealed record SubscriptionView(
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
    string? DisabledReason,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SubscriptionView Of(Subscription s) => new(
        s.Id, s.Kind, s.Url, s.Email, s.Events, s.Queue, s.Source, s.User, s.Format, s.Enabled, s.DisabledReason, s.Note, s.CreatedAt, s.UpdatedAt);
}
