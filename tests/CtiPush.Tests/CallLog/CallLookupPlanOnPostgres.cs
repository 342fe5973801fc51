using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.CallLog;

/// <summary>The recorder's look-up of a batch's calls, planned once on a new log (<see cref="GenericPlanOnANewLog"/>).</summary>
public sealed class CallLookupPlanOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task The_look_up_of_a_batchs_calls_planned_on_a_new_log_reads_only_those_calls_once_the_log_has_grown()
    {
        var nodes = await GenericPlanOnANewLog.PlanAsync(app,
            db => string.Format(CallRecorder.StoredCallsSql, "$1::text[]", "$2::text[]", ModelRows.ResultColumns(db, db.Model.FindEntityType(typeof(Call))!, "c")),
            stored => $"ARRAY['main', 'main'], ARRAY['{stored[17]}', '{stored[170]}']"); // ids of our own
        Assert.Equal(2, nodes[0].GetProperty("Actual Rows").GetInt32() * nodes[0].GetProperty("Actual Loops").GetInt32());
        GenericPlanOnANewLog.AssertOnlyProbes(nodes);
    }
}
