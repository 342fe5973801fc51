using System.Diagnostics;
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
    public async Task A_rule_changed_through_one_instance_applies_on_the_other_within_a_second()
    {
        var caller = "4917" + Random.Shared.Next(10_000_000, 99_999_999);
        var other = new Pbx(second.CreateClient());
        Assert.Equal("{}", await Pbx.Ok(other.NewCall(Pbx.NewCallId(), "in", from: caller)));

        await new AdminApi(first.CreateAdminClient()).Block(caller);

        var changed = Stopwatch.StartNew();
        var answer = "{}";
        while (answer == "{}" && changed.Elapsed < TimeSpan.FromSeconds(1))
        {
            answer = await Pbx.Ok(other.NewCall(Pbx.NewCallId(), "in", from: caller));
        }
        Assert.Equal("""{"action":"reject","reason":"busy"}""", answer);
    }

    [Fact]
    public async Task The_live_stream_of_one_instance_shows_a_call_the_other_received_within_a_second()
    {
        using var admin = first.CreateAdminClient();
        admin.Timeout = TimeSpan.FromSeconds(30);
        using var stream = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls/stream")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/event-stream") } },
        }, HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        while (await lines.ReadLineAsync() is { } line && line != "event: ready")
        {
        }

        var callId = Pbx.NewCallId();
        var posted = Stopwatch.StartNew();
        await Pbx.Ok(new Pbx(second.CreateClient()).NewCall(callId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await lines.ReadLineAsync(timeout.Token) is { } line && !line.Contains(callId, StringComparison.Ordinal))
        {
        }
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(1), $"seen after {posted.Elapsed}");
    }
}
