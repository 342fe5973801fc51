using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.CallLog;

/// <summary>
/// Npgsql prepares the recorder's statements, and PostgreSQL then keeps one generic plan for each, made for the table as
/// it was. A new log is empty and has no statistics: a plan made then must still probe indexes once the log has grown.
/// </summary>
internal static class GenericPlanOnANewLog
{
    /// <summary>
    /// Prepares <paramref name="statement"/> (parameters: PBXs and callIds, as text arrays) on a new log of five calls,
    /// stores 200 more, and runs it with the arguments <paramref name="arguments"/> makes of the stored callIds.
    /// </summary>
    /// <returns>The nodes of the plan it ran with, each with its actual rows.</returns>
    public static async Task<List<JsonElement>> PlanAsync(PostgresApp app, Func<CtiPushDbContext, string> statement, Func<List<string>, string> arguments)
    {
        var pbx = new Pbx(app.CreateClient());
        var stored = new List<string>();
        async Task StoreCalls(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var callId = Pbx.NewCallId();
                await Pbx.Ok(pbx.NewCall(callId));
                stored.Add(callId);
            }
        }
        return await app.InDatabase(async db =>
        {
            Assert.Equal(0, await db.Set<Call>().CountAsync()); // a new log, with no statistics
            await StoreCalls(5); // on an empty table PostgreSQL assumes ten pages, which hides the fault
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_generic_plan");
            var prepare = "PREPARE planned AS " + statement(db); // the statement under test, text of our own
            await db.Database.ExecuteSqlRawAsync(prepare);
            await db.Database.ExecuteSqlRawAsync("EXECUTE planned(ARRAY['main'], ARRAY['none'])"); // the plan, made now

            await StoreCalls(200);

            var explain = $"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE planned({arguments(stored)})";
            var plan = await db.Database.SqlQueryRaw<string>(explain).ToListAsync();
            return Nodes(JsonDocument.Parse(string.Concat(plan)).RootElement[0].GetProperty("Plan")).ToList();
        });
    }

    /// <summary>No node reads the log whole or reads a call it then drops.</summary>
    public static void AssertOnlyProbes(List<JsonElement> nodes)
    {
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan" && n.GetProperty("Relation Name").GetString() == "calls");
        Assert.All(nodes, n => Assert.Equal(0, n.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetInt32() : 0));
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? [node, .. children.EnumerateArray().SelectMany(Nodes)] : [node];
}
