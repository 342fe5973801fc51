namespace CtiPush.Notifications;

/// <summary>The events a subscription can ask for, as receivers see them in <c>type</c>.</summary>
public static class NotificationEvents
{
    public const string CallRinging = "call.ringing";
    public const string CallAnswered = "call.answered";
    public const string CallEnded = "call.ended";
    public const string CallMissed = "call.missed";
    public const string CallbackOpened = "callback.opened";
    public const string CallbackResolved = "callback.resolved";

    /// <summary>Sent only by hand (<c>POST /api/v1/webhooks/{id}/test</c>), whatever the subscription asked for.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [CallRinging, CallAnswered, CallEnded, CallMissed, CallbackOpened, CallbackResolved];
}
