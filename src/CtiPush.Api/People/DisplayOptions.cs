namespace CtiPush.People;

/// <summary>
/// <c>CallLog:TimeZone</c>: the IANA time zone the page shows times in (default UTC), whoever looks. Bound here,
/// from the call log's section, because the page learns it with the session.
/// </summary>
public sealed class DisplayOptions
{
    public const string Section = "CallLog";

    public string TimeZone { get; set; } = "UTC";

    public static bool IsKnownZone(string zone) => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
}
