using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.CallLog;

/// <summary>
/// The calls' <c>INSERT</c> returns for each new call whether a leg waits for it (<see cref="CallRecorder.AwaitedSql"/>),
/// planned once on a new log (<see cref="GenericPlanOnANewLog"/>).
/// </summary>
public sealed class WaitingLegsPlanOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task The_check_for_legs_waiting_for_new_calls_planned_on_a_new_log_probes_their_index_once_the_log_has_grown()
    {
        // As in the INSERT: the rows written (here from arrays) go by the table's name.
        var nodes = await GenericPlanOnANewLog.PlanAsync(app,
            _ => $"SELECT calls.call_id, {CallRecorder.AwaitedSql} FROM unnest($1::text[], $2::text[]) AS calls(source, call_id)",
            stored => $"ARRAY['main', 'main'], ARRAY['{stored[17]}', 'not-stored']");
        GenericPlanOnANewLog.AssertOnlyProbes(nodes);
    }
}
