using System.ComponentModel;

namespace CtiPush.People;

/// <summary>A person as an admin creates or changes them; on a change, every field is set as given.</summary>
public sealed record PersonRequest(
    string? UserName,
    string? DisplayName = null,
    string? Email = null,
    [property: Description("admin, agent or viewer")] string? Role = null,
    [property: Description("en or de; null: the browser's")] string? Language = null,
    [property: Description("What PBXs send for this person: names in user[]/user, extensions in answeringNumber; unique across people")] IReadOnlyList<string>? PbxNames = null,
    bool? Enabled = null,
    [property: Description("A first or new password; none: the person signs in by single sign-on only, or keeps the password they have")] string? Password = null);
