using System.Text.Json;
using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.CallLog;

/// <summary>
/// Npgsql prepares the recorder's look-up of a batch's calls, and PostgreSQL then keeps one generic plan for it, made
/// for the table as it was. A new log is empty and has no statistics: a plan made then must still read only the calls
/// asked for once the log has grown, not every call of the PBX for every batch.
/// </summary>
public sealed class CallLookupPlanOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task The_look_up_of_a_batchs_calls_planned_on_a_new_log_reads_only_those_calls_once_the_log_has_grown()
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
        await app.InDatabase(async db =>
        {
            Assert.Equal(0, await db.Set<Call>().CountAsync()); // a new log, with no statistics
            await StoreCalls(5); // on an empty table PostgreSQL assumes ten pages, which hides the fault
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_generic_plan");
            var select = string.Format(CallRecorder.StoredCallsSql, "$1::text[]", "$2::text[]", ModelRows.ResultColumns(db, db.Model.FindEntityType(typeof(Call))!, "c"));
            var prepare = "PREPARE look_up AS " + select;
            await db.Database.ExecuteSqlRawAsync(prepare);
            await db.Database.ExecuteSqlRawAsync("EXECUTE look_up(ARRAY['main'], ARRAY['none'])"); // the plan, made now

            await StoreCalls(200);

            var explain = $"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE look_up(ARRAY['main', 'main'], ARRAY['{stored[17]}', '{stored[170]}'])"; // ids of our own
            var plan = await db.Database.SqlQueryRaw<string>(explain).ToListAsync();
            var nodes = Nodes(JsonDocument.Parse(string.Concat(plan)).RootElement[0].GetProperty("Plan")).ToList();
            Assert.Equal(2, nodes[0].GetProperty("Actual Rows").GetInt32() * nodes[0].GetProperty("Actual Loops").GetInt32());
            Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan" && n.GetProperty("Relation Name").GetString() == "calls");
            Assert.All(nodes, n => Assert.Equal(0, n.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetInt32() : 0));
            return 0;
        });
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? [node, .. children.EnumerateArray().SelectMany(Nodes)] : [node];
}
