namespace CtiPush.Privacy;

/// <param name="Number">the caller's number, in any format</param>
/// <param name="Reason">why (a request by the caller, say): kept in the audit list with who erased it, the number taken out</param>
public sealed record EraseRequest(string? Number, string? Reason);
