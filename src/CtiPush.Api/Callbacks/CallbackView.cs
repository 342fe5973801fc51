using System.ComponentModel;
using CtiPush.Numbers;

namespace CtiPush.Callbacks;

/// <summary>A callback as the API and the page show it.</summary>
public sealed record CallbackView(
    long Id,
    [property: Description("E.164 digits")] string Number,
    [property: Description("For people: +49 30 53000000")] string? Display,
    [property: Description("The caller's names in the phonebook now")] string? Names,
    CallbackState State,
    int Attempts,
    [property: Description("Ids of the missed calls, oldest first")] IReadOnlyList<long> Calls,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    IReadOnlyList<string> Queues,
    int? LongestWaitSeconds,
    string? ClaimedBy,
    CallbackOutcome? Outcome,
    long? ResolvedByCallId,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    IReadOnlyList<CallbackNoteView> Notes)
{
    public static CallbackView Of(Callback c, IReadOnlyDictionary<string, string> names) => new(
        c.Id, c.Number, PhoneNumberNormalizer.Display(c.Number), names.TryGetValue(c.Number, out var name) ? name : null, c.State, c.Attempts,
        [.. c.Calls.Select(l => l.CallRowId).Order()], c.FirstAt, c.LastAt, c.Queues, c.LongestWaitSeconds, c.ClaimedBy,
        c.Outcome, c.ResolvedByCallId, c.ResolvedAt, c.ResolvedBy, [.. c.Notes.OrderBy(n => n.Id).Select(n => new CallbackNoteView(n.At, n.Author, n.Text))]);
}
