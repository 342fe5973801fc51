using System.Data.Common;
using System.Runtime.ExceptionServices;
using CtiPush.Data;
using CtiPush.Notifications;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Notifications;

/// <summary>The delivery worker on a service nobody subscribed to: the PBX's commits do not make it look at the outbox.</summary>
public sealed class IdleWorkerTests
{
    [Fact]
    public async Task Without_subscriptions_calls_coming_in_do_not_make_the_worker_read_the_outbox_until_its_poll_interval()
    {
        await using var app = new CountingApp();
        WebhookSettings.Apply(app.Settings);
        app.Settings["Webhooks:PollSeconds"] = "60"; // no poll during the test: only a wake could make a round
        var pbx = new Pbx(app.CreateClient());
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId())); // the service is up, and its first round (at start) is done or under way
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = app.OutboxReads;
        Assert.True(before > 0, "the counter sees the worker's round at start");

        for (var i = 0; i < 20; i++)
        {
            var callId = Pbx.NewCallId();
            await Pbx.Ok(pbx.NewCall(callId));
            await Pbx.Ok(pbx.Hangup(callId, "cancel")); // missed: an event subscriptions could want
            await Task.Delay(TimeSpan.FromMilliseconds(50)); // each batch on its own, each a wake
        }
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(before, app.OutboxReads);
    }

    [Fact]
    public async Task A_subscription_made_while_the_worker_is_idle_gets_the_next_call_at_once()
    {
        await using var app = new WebhookSqliteApp();
        app.Settings["Webhooks:PollSeconds"] = "60"; // no poll during the test: the new subscription and the call's wake must do
        var admin = new AdminApi(app.CreateAdminClient());
        var pbx = new Pbx(app.CreateClient());
        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId()));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var receiver = await WebhookReceiver.StartAsync();
        await admin.Post("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ringing" } }, expected: 201);

        await Pbx.Ok(pbx.NewCall(Pbx.NewCallId()));

        await Eventually.Until(() => receiver.Requests.Count == 1, "the new call's notification");
    }

    [Fact]
    public async Task A_wake_signalled_again_before_the_worker_looked_throws_nothing_and_still_wakes_it()
    {
        var wake = new NotificationWake(new ClusterSignals());
        var thread = Environment.CurrentManagedThreadId;
        var thrown = new List<Exception>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                thrown.Add(e.Exception);
            }
        }
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            for (var batch = 0; batch < 100; batch++)
            {
                wake.Signal(); // every batch of PBX events signals; a worker without subscriptions does not look
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        Assert.Empty(thrown);
        await wake.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    /// <summary>SQLite, counting the statements that read the outbox (the worker's fan-out and claim).</summary>
    private sealed class CountingApp : SqliteApp
    {
        private int outboxReads;

        public int OutboxReads => Volatile.Read(ref outboxReads);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<SqliteCtiPushDbContext>(db => db.AddInterceptors(new Counter(this))));
        }

        private sealed class Counter(CountingApp app) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
                DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            {
                if (command.CommandText.Contains("FROM \"notification_queue\"", StringComparison.Ordinal)
                    || command.CommandText.Contains("FROM \"notifications\"", StringComparison.Ordinal)
                    || command.CommandText.Contains("FROM notifications", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref app.outboxReads);
                }
                return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
            }
        }
    }
}
