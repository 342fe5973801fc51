using System.Net;
using CtiPush.Tests.Infrastructure;
using Npgsql;

namespace CtiPush.Tests.CallLog;

/// <summary>The call writers on PostgreSQL: two side by side, each with the calls of its own half.</summary>
public sealed class CallWritersOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_call_held_by_another_transaction_holds_up_only_the_calls_of_its_own_writer()
    {
        var pbx = new Pbx(app.CreateClient());
        var held = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(held));

        // Another transaction holds the call's row: the batch with its answer waits, and so does its writer.
        await using var blocker = new NpgsqlConnection(app.Settings["ConnectionStrings:CtiPush"]);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM calls WHERE call_id = @id FOR UPDATE", blocker, hold))
        {
            lockRow.Parameters.AddWithValue("id", held);
            await lockRow.ExecuteNonQueryAsync();
        }
        var answer = pbx.Answer(held, "Erika");
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "the answer waits for the held row");

        // Twenty other calls: those of the other writer are stored meanwhile (all twenty on the held one: one in a million).
        var others = Enumerable.Range(0, 20).Select(_ => pbx.NewCall(Pbx.NewCallId())).ToList();
        await Eventually.Until(() => others.Any(post => post.IsCompletedSuccessfully), "a call of the other writer stored while the row is held");
        Assert.False(answer.IsCompleted);
        Assert.All(others.Where(post => post.IsCompleted), post => Assert.Equal(HttpStatusCode.OK, post.Result.StatusCode));

        await hold.RollbackAsync();
        Assert.Equal(HttpStatusCode.OK, (await answer).StatusCode);
        Assert.All(await Task.WhenAll(others), post => Assert.Equal(HttpStatusCode.OK, post.StatusCode));
        Assert.Equal("Erika", (await app.FindCall(held))!.AnsweredBy);
    }
}
