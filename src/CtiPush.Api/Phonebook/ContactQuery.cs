using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.Phonebook;

/// <summary>A search of the phonebook, a page at a time; the query string's names as the API has always documented them.</summary>
public sealed record ContactQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [FromQuery(Name = "q"), Description("A name, an organisation, or a number in any format"), Text(PhonebookLimits.NameLength)]
    public string? Q { get; init; }

    [FromQuery(Name = "limit"), Description("Contacts per page, 1 to 500 (50)"), Range(1, MaxLimit, ErrorMessage = "must be 1 to {2}.")]
    public int? Limit { get; init; }

    [FromQuery(Name = "offset"), Description("How many to skip"), Range(0, int.MaxValue, ErrorMessage = "must be 0 or more.")]
    public int? Offset { get; init; }
}
