namespace CtiPush.Rules;

/// <summary>The one row of rule-wide settings; <see cref="Version"/> grows with every change, so instances notice.</summary>
public sealed class RuleSet
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public string? DefaultCallerId { get; set; }
    public long Version { get; set; }
}
