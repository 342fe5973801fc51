namespace CtiPush.Core;

/// <summary>How long the protocol's fields may be: the push binder, the admin API and the database columns agree on these.</summary>
public static class CallLimits
{
    public const int CallIdLength = 250;
    public const int NumberLength = 100;
    public const int NameLength = 250;
    public const int CauseLength = 100;
    public const int SourceLength = 100;
}
