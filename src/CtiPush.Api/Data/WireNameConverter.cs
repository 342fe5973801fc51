using CtiPush.Core;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CtiPush.Data;

/// <summary>Stores an enum as its wire name (<see cref="WireName{TEnum}"/>), so the database reads as the protocol does.</summary>
public sealed class WireNameConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => WireName<TEnum>.Of(value),
    name => WireName<TEnum>.Parse(name)!.Value)
    where TEnum : struct, Enum;
