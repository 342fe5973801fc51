using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Hardening;

/// <summary>PBXs retry, reorder and send at once: a call must end the same whichever way its events arrive.</summary>
public sealed class EventOrderTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private const int Calls = 300;

    /// <summary>The events of one varied call, in the order the PBX meant them; {0} is the callId.</summary>
    private static List<string> Scenario(int n)
    {
        var direction = n % 3 == 0 ? "out" : "in";
        var events = new List<string>
        {
            $"event=newCall&callId={{0}}&direction={direction}&from=4930{n:D6}&to=4917{n:D7}&queue=q{n % 4}&user[]=agent-{n % 5}&user[]=agent-{(n + 1) % 5}",
        };
        switch (n % 5)
        {
            case 0: // answered, with the answering number on both
                events.Add($"event=answer&callId={{0}}&user=agent-{n % 5}&answeringNumber=21{n:D6}");
                events.Add($"event=hangup&callId={{0}}&cause=normalClearing&answeringNumber=4921{n:D6}");
                break;
            case 1: // missed
                events.Add("event=hangup&callId={0}&cause=cancel");
                break;
            case 2: // voicemail
                events.Add("event=answer&callId={0}&user=voicemail");
                events.Add("event=hangup&callId={0}&cause=normalClearing");
                break;
            case 3: // forwarded
                events.Add("event=hangup&callId={0}&cause=forwarded");
                break;
            default: // still talking
                events.Add($"event=answer&callId={{0}}&user=agent-{n % 5}&direction={direction}");
                break;
        }
        return events;
    }

    [Fact]
    public async Task Events_shuffled_duplicated_and_sent_at_once_end_each_call_as_the_same_events_in_order_one_row_each()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var pbx = new Pbx(app.CreateClient());
        for (var n = 0; n < Calls; n++)
        {
            foreach (var e in Scenario(n))
            {
                await Pbx.Ok(pbx.Post(string.Format(null, e, $"{run}-ordered-{n}")));
            }
        }

        var random = new Random(2026);
        var shuffled = Enumerable.Range(0, Calls)
            .SelectMany(n => Scenario(n).Select(e => string.Format(null, e, $"{run}-shuffled-{n}")))
            .SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))) // each event one to three times
            .OrderBy(_ => random.Next())
            .ToList();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(shuffled.Select(async e =>
        {
            await gate.WaitAsync();
            try
            {
                await Pbx.Ok(pbx.Post(e));
            }
            finally
            {
                gate.Release();
            }
        }));

        var calls = await app.InDatabase(db => db.Set<Call>().AsNoTracking().Where(c => c.CallId.StartsWith(run)).ToListAsync());
        Assert.Equal(2 * Calls, calls.Count); // one row per call, however often its events came
        var byId = calls.ToDictionary(c => c.CallId);
        for (var n = 0; n < Calls; n++)
        {
            Assert.Equal(Outcome(byId[$"{run}-ordered-{n}"]), Outcome(byId[$"{run}-shuffled-{n}"]));
        }
        var events = await app.InDatabase(db => db.Set<CallEvent>().CountAsync(e => db.Set<Call>().Any(c => c.Id == e.CallRowId && c.CallId.StartsWith($"{run}-shuffled-"))));
        Assert.Equal(shuffled.Count, events); // every post is in the audit trail
    }

    /// <summary>All a call is, apart from when things happened.</summary>
    private static string Outcome(Call c) => string.Join(" | ",
        c.State, c.Direction, c.From, c.To, c.FromNumber, c.ToNumber, c.Queue, string.Join(",", c.Users), c.AnsweredBy, c.AnsweringNumber,
        c.Cause, c.Done, c.AnsweredAt is not null, c.EndedAt is not null, c.Decision.Action, c.Decision.Rule);
}
