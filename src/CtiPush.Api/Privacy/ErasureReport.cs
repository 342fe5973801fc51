using System.ComponentModel;

namespace CtiPush.Privacy;

/// <summary>What an erasure changed, and how the audit list names it.</summary>
public sealed record ErasureReport(
    [property: Description("How many records of each kind were changed (calls, events, callbacks, notes, contacts, …)")] IReadOnlyDictionary<string, int> Changed,
    int Total,
    [property: Description("The number's salted hash, as the audit entry names it: the same for every request about one number")] string Reference,
    [property: Description("An earlier erasure had the same reference")] bool Repeated);
