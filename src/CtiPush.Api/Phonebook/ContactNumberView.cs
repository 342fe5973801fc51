using System.ComponentModel;

namespace CtiPush.Phonebook;

public sealed record ContactNumberView(
    [property: Description("As written")] string Number,
    [property: Description("E.164 digits, as calls carry them")] string Normalized,
    [property: Description("For people: +49 30 53000000")] string? Display,
    NumberLabel Label);
