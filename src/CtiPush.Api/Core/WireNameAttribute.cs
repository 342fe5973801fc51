using System.ComponentModel.DataAnnotations;

namespace CtiPush.Core;

/// <summary>
/// A field that names one value of <typeparamref name="TEnum"/> by its wire name (<see cref="WireName{TEnum}"/>), so
/// the allowed values are written once, on the enum. Null passes: whether the field is required is another rule.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class WireNameAttribute<TEnum> : ValidationAttribute where TEnum : struct, Enum
{
    /// <summary>Read with <see cref="WireName{TEnum}.ParseLenient"/>: spaces around it and case do not matter, and blank passes too.</summary>
    public bool Lenient { get; set; }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text when Lenient => string.IsNullOrWhiteSpace(text) || WireName<TEnum>.ParseLenient(text) is not null,
        string text => WireName<TEnum>.Parse(text) is not null,
        _ => false,
    };

    public override string FormatErrorMessage(string name) => $"must be {WireName<TEnum>.Choices}.";
}
