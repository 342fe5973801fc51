namespace CtiPush.Notifications;

/// <summary>A notification the API put in the outbox (a test event, a retry by hand): the worker sends it.</summary>
public sealed record QueuedNotification(string EventId, string Event, NotificationState State);
