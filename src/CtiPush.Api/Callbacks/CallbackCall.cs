namespace CtiPush.Callbacks;

/// <summary>One missed call of a callback; a call belongs to one callback at most.</summary>
public sealed class CallbackCall
{
    public long Id { get; private set; }
    public long CallbackId { get; private set; }
    public long CallRowId { get; init; }
}
