namespace CtiPush.Notifications;

/// <summary>A subscription's attempts, newest first.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items);
