using System.Reflection;
using System.Text.Json.Serialization;

namespace CtiPush.Core;

/// <summary>
/// The one spelling of an enum's values, on the wire and in the database alike: the
/// <see cref="JsonStringEnumMemberNameAttribute"/> on each value, read once. JSON uses the attribute directly
/// (<see cref="JsonStringEnumConverter{TEnum}"/>); form fields, query strings and EF value converters read it here.
/// </summary>
public static class WireName<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => (TEnum)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    /// <summary>Every spelling, in declaration order, for messages ("must be in or out").</summary>
    public static IReadOnlyCollection<string> All { get; } = [.. Names.Values];

    public static string Of(TEnum value) => Names[value];

    public static TEnum? Parse(string? name) => name is not null && Values.TryGetValue(name, out var value) ? value : null;
}
