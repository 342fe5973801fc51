using System.ComponentModel.DataAnnotations;
using CtiPush.Infrastructure;
using CtiPush.Numbers;

namespace CtiPush.Phonebook;

/// <summary>A contact as the admin writes it; a <c>PUT</c> replaces the numbers with these.</summary>
public sealed record ContactRequest(
    [property: Required(ErrorMessage = "is required."), Text(PhonebookLimits.NameLength)] string? Name,
    [property: Text(PhonebookLimits.NameLength)] string? Organisation = null,
    [property: MaxLength(PhonebookLimits.NumbersPerContact, ErrorMessage = "must be at most {1}.")] IReadOnlyList<ContactNumberRequest>? Numbers = null,
    [property: Text(PhonebookLimits.NoteLength, Multiline = true)] string? Note = null)
{
    /// <summary>
    /// What the annotations cannot check, once they hold: that each number is one a person can be reached on, and
    /// no number twice. Empty when the request is good.
    /// </summary>
    public Dictionary<string, string[]> Validate(PhoneNumberNormalizer numbers)
    {
        var errors = new Dictionary<string, string[]>();
        var requested = Numbers ?? [];
        var normalized = requested.Select(n => numbers.Problem(n?.Number) is null ? numbers.Normalize(n!.Number)!.Value.Digits : null).ToList();
        for (var i = 0; i < normalized.Count; i++)
        {
            if (normalized[i] is null)
            {
                errors[$"numbers[{i}].number"] = [numbers.Problem(requested[i]?.Number)!];
            }
            else if (normalized.IndexOf(normalized[i]) is var first && first < i)
            {
                errors[$"numbers[{i}].number"] = [$"is numbers[{first}] again."];
            }
        }
        return errors;
    }
}
