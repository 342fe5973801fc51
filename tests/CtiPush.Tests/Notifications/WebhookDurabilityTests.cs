using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CtiPush.Notifications;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Notifications;

/// <summary>A notification is never lost and never sent twice: across a crash, and with two instances on one PostgreSQL.</summary>
public sealed class WebhookDurabilityTests(PostgresServer server)
{
    [Fact]
    public async Task Killed_right_after_its_200_to_the_pbx_the_service_still_delivers_the_notification_after_a_restart()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CtiPush"] = database,
            ["Webhooks__AllowPrivateNetworks"] = "true",
            ["Webhooks__FirstRetrySeconds"] = "1",
            ["Webhooks__PollSeconds"] = "0.2",
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        var killed = false;
        receiver.Answer = async (context, _) =>
        {
            context.Response.StatusCode = Volatile.Read(ref killed) ? 200 : 503; // nothing gets through before the crash
            await context.Response.WriteAsync("…");
        };
        var callId = Pbx.NewCallId();
        await using (var first = await ServiceProcess.StartAsync(environment))
        {
            first.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CtiPushApp.AdminKey);
            using var created = await first.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing", "call.ended", "call.missed" } });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var pbx = new Pbx(first.Client);
            await Pbx.Ok(pbx.NewCall(callId));
            await Pbx.Ok(pbx.Hangup(callId, "cancel"));
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        Volatile.Write(ref killed, true);

        await using var second = await ServiceProcess.StartAsync(environment);
        // A notification the killed instance had claimed (its first attempt in flight at the kill) waits for the
        // claim's lease to run out: the timeout plus a minute. So the bound is longer than the usual minute.
        await Eventually.Until(() => Task.FromResult(receiver.Accepted.Count == 3), "the three notifications after the restart",
            within: TimeSpan.FromMinutes(3), detail: () => second.Output);
        Assert.Equal(["call.ringing", "call.ended", "call.missed"], receiver.Accepted.Select(r => r.Type));
        Assert.All(receiver.Accepted, r => Assert.Equal(callId, r.Json.GetProperty("data").GetProperty("callId").GetString()));
        await Task.Delay(1000);
        Assert.Equal(3, receiver.Accepted.Count); // once each
    }

    [Fact]
    public async Task Two_instances_on_one_postgresql_deliver_each_notification_once_and_each_calls_in_order()
    {
        await using var first = new WebhookPostgresApp(server);
        await first.InitializeAsync();
        await using var second = first.CreateTwin();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = new AdminApi(first.CreateAdminClient());
        await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing", "call.ended", "call.missed" } });
        var pbxs = new[] { new Pbx(first.CreateClient()), new Pbx(second.CreateClient()) };
        _ = new Pbx(second.CreateClient()); // the second instance runs, and with it its worker

        const int Calls = 40;
        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            var callId = $"two-{n}-{Guid.NewGuid():N}";
            await Pbx.Ok(pbxs[n % 2].NewCall(callId));
            await Pbx.Ok(pbxs[(n + 1) % 2].Hangup(callId, "cancel"));
        });

        await Eventually.Until(() => receiver.Accepted.Count >= Calls * 3, "every notification");
        await Task.Delay(1500);
        var got = receiver.Requests;
        Assert.Equal(Calls * 3, got.Count);
        Assert.Equal(Calls * 3, got.Select(r => r.Id).Distinct().Count());
        foreach (var call in got.GroupBy(r => r.Json.GetProperty("data").GetProperty("callId").GetString()))
        {
            Assert.Equal(["call.ringing", "call.ended", "call.missed"], call.Select(r => r.Type));
        }
    }

    [Fact]
    public async Task A_subscription_removed_while_an_instance_still_holds_it_costs_the_pbx_and_the_other_subscriptions_nothing()
    {
        await using var first = new WebhookPostgresApp(server);
        await first.InitializeAsync();
        await using var second = first.CreateTwin();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = new AdminApi(first.CreateAdminClient());
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing", "call.ended" }, queue });
        var pbx = new Pbx(second.CreateClient());
        var ringing = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(ringing, "in", "493055571600", "4930111", $"&queue={queue}")); // the second instance now holds the subscription
        await Eventually.Until(() => receiver.Accepted.Count == 1, "the ringing call's notification");

        // Removed through the first instance right after the second read it again (it reads the list at most once a
        // second, on a PBX event); its next batch writes notifications for it: they must go nowhere, not fail the PBX's
        // events or the sending on the foreign key.
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId(), "in", "493055571600", "4930111", "&queue=elsewhere"));
        await admin.Delete($"/api/v1/webhooks/{created.Id()}");
        var events = new List<HttpResponseMessage>
        {
            await pbx.Hangup(ringing),
            await pbx.NewCall(Pbx.NewCallId(), "in", "493055571600", "4930111", $"&queue={queue}"),
        };

        Assert.All(events, e => Assert.Equal(System.Net.HttpStatusCode.OK, e.StatusCode));

        // An event queued for the deleted subscription and a new one (as an instance still holding the old list queues
        // it): the fan-out skips the deleted one instead of failing on the foreign key, and sending goes on.
        await using var next = await WebhookReceiver.StartAsync();
        var added = (await admin.Post("/api/v1/webhooks", new { url = next.Url, events = new[] { "call.ringing" }, queue })).Id();
        await first.InDatabase(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO notification_queue (event_id, event, order_key, payload, subscription_ids, created_at)
            VALUES ('evt_gone_and_new', 'webhook.test', 'test:gone', {2}, {0}, {1})
            """, $"{created.Id()},{added}", first.Time.GetUtcNow(), """{"id":"evt_gone_and_new","type":"webhook.test","data":{}}"""));
        await Pbx.Ok(new Pbx(first.CreateClient()).NewCall(Pbx.NewCallId(), "in", "493055571600", "4930111", "&queue=elsewhere")); // wakes the worker
        await Eventually.Until(() => next.Accepted.Count == 1, "the queued event at the new subscription");
        Assert.Equal("evt_gone_and_new", next.Requests[0].Id);
        await Eventually.Until(async () => await first.InDatabase(db => db.Set<CtiPush.Notifications.QueuedEvent>().CountAsync()) == 0, "the queue emptied");
        Assert.Equal(["call.ringing"], receiver.Requests.Select(r => r.Type));
    }

    [Fact]
    public async Task A_backlog_that_grew_from_an_empty_outbox_is_still_claimed_through_its_indexes()
    {
        await using var app = new WebhookPostgresApp(server);
        await app.InitializeAsync();
        var pbx = new Pbx(app.CreateClient());
        // An outbox drained and vacuumed: PostgreSQL knows the table as empty. The worker's rounds over it then make
        // the plan it keeps for the prepared claim (after a few runs, per connection) for an empty table, and the
        // plan stays until the table is next analysed: a minute or more after a burst filled it.
        await app.InDatabase(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE notifications"));
        for (var i = 0; i < 30; i++)
        {
            await Pbx.Ok(pbx.NewCall(Pbx.NewCallId()));
            await Task.Delay(50);
        }
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = (await new AdminApi(app.CreateAdminClient()).Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing" } })).Id();
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId()));
        await Eventually.Until(() => receiver.Accepted.Count == 1, "a first notification");
        // A backlog as a burst of calls leaves it: each call's notification waits in order behind its call's earlier one.
        await app.InDatabase(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO notifications (subscription_id, event_id, event, order_key, payload, state, attempts, next_attempt_at, retrying_since, created_at)
            SELECT {0}, 'evt_backlog_' || i, 'call.ringing', 'call:backlog-' || (i / 2), (SELECT payload FROM notifications WHERE subscription_id = {0} LIMIT 1),
              'pending', 0, {1}, {1}, {1}
            FROM generate_series(1, 30000) AS i
            """, subscription, app.Time.GetUtcNow()));
        await pbx.NewCall(Pbx.NewCallId()); // wakes the worker

        // Walking the table once per due notification (what the empty table's plan does) takes minutes and times out.
        await Eventually.Until(() => receiver.Accepted.Count >= 200, "the first 200 of the backlog", within: TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task A_round_reads_about_as_many_notifications_as_it_claims_from_a_backlog_fanned_out_at_one_instant()
    {
        await using var app = new WebhookPostgresApp(server);
        await app.InitializeAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = (await new AdminApi(app.CreateAdminClient()).Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing" } })).Id();
        // Analysed while empty, then a burst: 10,000 calls' three events each, fanned out at one instant (one due time).
        await app.InDatabase(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE notifications"));
        var now = app.Time.GetUtcNow();
        await app.InDatabase(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO notifications (subscription_id, event_id, event, order_key, payload, state, attempts, next_attempt_at, retrying_since, created_at)
            SELECT {0}, 'evt_burst_' || i, 'call.ringing', 'call:burst-' || (i / 3), '{{}}', 'pending', 0, {1}, {1}, {1}
            FROM generate_series(0, 29999) AS i
            """, subscription, now));

        // The claim as the worker runs it, measured by PostgreSQL: the notifications its plan read, filtered out included.
        var plan = await app.InDatabase(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await DeliveryWorker.ClaimPlanAsync(db);
            await using var explain = DeliveryWorker.Due(db, now).CreateDbCommand();
            explain.CommandText = "EXPLAIN (ANALYZE, FORMAT JSON) " + explain.CommandText;
            return (string)(await explain.ExecuteScalarAsync())!;
        });
        var read = RowsRead(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"), "notifications");

        // Read whole and sorted (due time alone in the index), or the earlier-event look-up walking every pending row: 30,000 and more.
        Assert.True(read < 1_000, $"the claim read {read:N0} notifications for a round of {DeliveryWorker.Batch}: {plan}");
    }

    /// <summary>Rows a plan read from <paramref name="table"/>: returned and filtered out, over every loop of every node.</summary>
    private static double RowsRead(JsonElement node, string table)
    {
        var read = node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == table
            ? (node.GetProperty("Actual Rows").GetDouble() + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0))
                * node.GetProperty("Actual Loops").GetDouble()
            : 0;
        return read + (node.TryGetProperty("Plans", out var children) ? children.EnumerateArray().Sum(child => RowsRead(child, table)) : 0);
    }

    [Fact]
    public async Task While_the_pbxs_events_queue_up_behind_the_call_writer_notifications_still_go_out_and_every_event_is_stored()
    {
        await using var app = new WebhookPostgresApp(server);
        await app.InitializeAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = new AdminApi(app.CreateAdminClient());
        var subscription = (await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing" } })).Id();
        var pbx = new Pbx(app.CreateClient());
        var recorder = app.Services.GetRequiredService<CtiPush.CallLog.CallRecorder>();
        Assert.False(recorder.IsBusy);

        // Another transaction holds the calls: the writer's batch waits, and the PBX's events queue up behind it.
        await using var blocker = new Npgsql.NpgsqlConnection(app.Settings["ConnectionStrings:CtiPush"]);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await new Npgsql.NpgsqlCommand("LOCK TABLE calls IN EXCLUSIVE MODE", blocker, hold).ExecuteNonQueryAsync();
        var posts = Enumerable.Range(0, 40).Select(_ => pbx.NewCall(Pbx.NewCallId())).ToList();
        await Eventually.Until(() => recorder.IsBusy, "the call writer at its limit");

        // Sending gives way (a round a second) but does not stop: a test event, which waits for no call, goes out.
        await admin.Post($"/api/v1/webhooks/{subscription}/test", new { }, expected: 202);
        await Eventually.Until(() => receiver.Accepted.Count == 1, "the test event, sent while the writer is busy");
        Assert.True(recorder.IsBusy);

        await hold.RollbackAsync();
        Assert.All(await Task.WhenAll(posts), posted => Assert.Equal(HttpStatusCode.OK, posted.StatusCode));
        // The queue is empty now, but a moment after a full batch is no let-up: the worker still gives way.
        Assert.True(recorder.IsBusy, "busy for a moment after the last full batch");
        await Eventually.Until(() => !recorder.IsBusy, "the call writer free again");
        await Eventually.Until(() => receiver.Accepted.Count == 41, "every call's ringing notification after it");
    }
}
