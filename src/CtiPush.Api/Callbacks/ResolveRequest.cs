using System.ComponentModel;

namespace CtiPush.Callbacks;

public sealed record ResolveRequest([property: Description("reached, leftMessage, noAnswer (keeps it open), wrongNumber or notNeeded")] string? Outcome, string? Note = null);
