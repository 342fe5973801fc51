namespace CtiPush.People;

public sealed record PersonView(long Id, string? UserName, string DisplayName, string? Email, PersonRole Role, string? Language,
    IReadOnlyList<string> PbxNames, bool Enabled)
{
    public static PersonView Of(Person p) =>
        new(p.Id, p.UserName, p.DisplayName, p.Email, p.Role, p.Language, [.. p.PbxNames.OrderBy(n => n.Id).Select(n => n.Name)], p.Enabled);
}
