using System.Text.Json;

namespace CtiPush.Tests.Infrastructure;

/// <summary>Reading ids from the API's JSON answers.</summary>
public static class JsonIds
{
    /// <summary>The <c>id</c> of an entity the API answered with (a call, a contact, a rule).</summary>
    public static long Id(this JsonElement entity) => entity.GetProperty("id").GetInt64();

    /// <summary>The ids of a list of entities, in the order given.</summary>
    public static long[] Ids(this JsonElement list) => [.. list.EnumerateArray().Select(Id)];
}
