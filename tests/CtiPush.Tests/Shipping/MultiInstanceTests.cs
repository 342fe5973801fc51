using System.Collections.Concurrent;
using System.Net.Http.Headers;
using CtiPush.CallLog;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using CtiPush.Core;

namespace CtiPush.Tests.Shipping;

/// <summary>Two instances on one PostgreSQL database behave as one service.</summary>
public sealed class MultiInstanceTests(PostgresApp first) : IClassFixture<PostgresApp>, IAsyncLifetime
{
    private CtiPushApp second = null!;

    public ValueTask InitializeAsync()
    {
        second = first.CreateTwin();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await second.DisposeAsync();

    [Fact]
    public async Task Events_of_one_call_split_between_instances_at_once_and_twice_make_one_row_in_the_right_state()
    {
        var (a, b) = (new Pbx(first.CreateClient()), new Pbx(second.CreateClient()));
        var run = Guid.NewGuid().ToString("N")[..6];
        var posts = new List<Task<HttpResponseMessage>>();
        for (var n = 0; n < 100; n++)
        {
            var callId = $"{run}-{n}";
            posts.Add(a.NewCall(callId, "in", from: "493055571600"));
            posts.Add(b.Answer(callId, "Alice"));
            posts.Add(a.Hangup(callId, "normalClearing"));
            posts.Add(b.NewCall(callId, "in", from: "493055571600"));
            posts.Add(b.Hangup(callId, "normalClearing"));
        }
        foreach (var post in posts)
        {
            await Pbx.Ok(post);
        }

        var calls = await first.InDatabase(db => db.Set<Call>().AsNoTracking().Where(c => c.CallId.StartsWith(run)).ToListAsync());
        Assert.Equal(100, calls.Count);
        Assert.All(calls, call => Assert.Equal((CallState.Hangup, "Alice", true, "normalClearing"), (call.State, call.AnsweredBy, call.Done, call.Cause)));
    }

    [Fact]
    public async Task A_call_the_other_instance_linked_to_a_transferred_leg_stays_linked_when_the_first_writes_its_next_event()
    {
        var (a, b) = (new Pbx(first.CreateClient()), new Pbx(second.CreateClient()));
        first.Time.Advance(CommittedCalls.RestAfterLostRace); // the first instance uses its copies again after the races above
        var (original, leg) = (Pbx.NewCallId(), Pbx.NewCallId());
        await Pbx.Ok(a.NewCall(original, "in"));
        await Pbx.Ok(b.NewCall(leg, "in", extra: $"&origCallId={original}")); // the other instance links both legs

        await Pbx.Ok(a.Hangup(original, "cancel")); // written first from the call as the first instance committed it

        var originalRow = (await first.FindCall(original))!;
        var legRow = (await first.FindCall(leg))!;
        Assert.Equal((originalRow.Id, CallState.Hangup), (originalRow.JourneyId, originalRow.State));
        Assert.Equal(originalRow.Id, legRow.JourneyId);
    }

    [Fact]
    public async Task A_rule_changed_through_one_instance_applies_on_the_other_without_a_restart()
    {
        var caller = "4917" + Random.Shared.Next(10_000_000, 99_999_999);
        var other = new Pbx(second.CreateClient());
        Assert.Equal("{}", await Pbx.Ok(other.NewCall(Pbx.NewCallId(), "in", from: caller)));

        await new AdminApi(first.CreateAdminClient()).Block(caller);

        // The other instance compares the rules' version once a second; how long it took is shown, not asserted.
        var took = await Eventually.Until(
            async () => await Pbx.Ok(other.NewCall(Pbx.NewCallId(), "in", from: caller)) == """{"action":"reject","reason":"busy"}""",
            "the other instance to reject the caller blocked through the first", every: TimeSpan.FromMilliseconds(50));
        Eventually.Report("The block reached the other instance after", took);
    }

    [Fact]
    public async Task The_live_stream_of_one_instance_shows_a_call_the_other_received()
    {
        using var admin = first.CreateAdminClient();
        admin.Timeout = Timeout.InfiniteTimeSpan; // the stream stays open; the wait below has its own bound
        using var reading = new CancellationTokenSource();
        using var stream = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls/stream")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/event-stream") } },
        }, HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var seen = new ConcurrentQueue<string>();
        var reader = Task.Run(async () =>
        {
            while (await lines.ReadLineAsync(reading.Token) is { } line)
            {
                seen.Enqueue(line);
            }
        });
        await Eventually.Until(() => seen.Contains("event: ready"), "the stream to be ready");

        var callId = Pbx.NewCallId();
        await Pbx.Ok(new Pbx(second.CreateClient()).NewCall(callId));

        // The first instance reads what others wrote once a second; how long it took is shown, not asserted.
        var took = await Eventually.Until(() => seen.Any(line => line.Contains(callId, StringComparison.Ordinal)), "the call in the other instance's stream");
        Eventually.Report("The call was in the other instance's stream after", took);
        await reading.CancelAsync();
        try
        {
            await reader;
        }
        catch (OperationCanceledException)
        {
            // the reading was stopped, as it should be
        }
    }
}
