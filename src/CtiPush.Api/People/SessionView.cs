using System.ComponentModel;

namespace CtiPush.People;

/// <summary>Who is signed in, and the token the page sends back with each change.</summary>
public sealed record SessionView(
    string? UserName,
    string DisplayName,
    PersonRole Role,
    string? Language,
    [property: Description("Send it as X-CSRF-TOKEN with every change made with the session cookie; null for bearer requests")] string? CsrfToken,
    [property: Description("The IANA time zone the page shows times in (CallLog:TimeZone)")] string TimeZone);
