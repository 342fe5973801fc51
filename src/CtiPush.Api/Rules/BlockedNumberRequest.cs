using System.ComponentModel;

namespace CtiPush.Rules;

public sealed record BlockedNumberRequest(
    [property: Description("The caller to block, in any format (+49 171 5000000, 01715000000, 491715000000), a prefix ending in * (49900*), or anonymous; or null with contactId")] string? Number,
    [property: Description("busy (default) or rejected")] string? Reason = null,
    string? Note = null,
    bool? Enabled = null,
    [property: Description("The one PBX this entry applies to; null for all")] string? Source = null,
    [property: Description("Instead of a number: block every number of this contact, as the phonebook has them now")] long? ContactId = null);
