namespace CtiPush.Notifications;

/// <summary>How one attempt went: the receiver's status and the start of its answer, or why there was none.</summary>
public sealed record DeliveryOutcome(int? Status, string? Error, string? Response, long LatencyMs)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
