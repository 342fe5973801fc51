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

    private static readonly Dictionary<string, TEnum> AnyCase = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every spelling, in declaration order, as a message says it: <c>in or out</c>, <c>newCall, answer or hangup</c>.</summary>
    public static string Choices { get; } = Names.Count == 1
        ? Names.Values.Single()
        : $"{string.Join(", ", Names.Values.SkipLast(1))} or {Names.Values.Last()}";

    public static string Of(TEnum value) => Names[value];

    public static TEnum? Parse(string? name) => name is not null && Values.TryGetValue(name, out var value) ? value : null;

    /// <summary>As people type it: spaces around it and case do not matter.</summary>
    public static TEnum? ParseLenient(string? name) => name is not null && AnyCase.TryGetValue(name.Trim(), out var value) ? value : null;
}
