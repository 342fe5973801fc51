namespace CtiPush.Rules;

public enum BlockReason
{
    Busy,
    Rejected,
}
