namespace CtiPush.People;

/// <summary>One value a PBX sends for a person; unique across people, compared case-insensitively (<see cref="Normalized"/>).</summary>
public sealed class PbxName
{
    public long Id { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; set; } = "";
    public string Normalized { get; set; } = "";

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
