using System.ComponentModel;
using CtiPush.Core;

namespace CtiPush.Phonebook;

public sealed record ContactNumberRequest(
    [property: Description("In any format: +49 30 53 00 00 000, 030/53000000, 0049 1234 123456789, 4930530000000")] string? Number,
    [property: Description("phone (default), mobile, fax or other"), WireName<NumberLabel>(Lenient = true)] string? Label = null);
