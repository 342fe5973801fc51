using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Statistics;

/// <summary>
/// The same calls, pushed at the same fake instants into a service on SQLite and one on PostgreSQL, give the same
/// answer from GET /api/v1/stats to the byte, for every breakdown and both kinds of hours.
/// </summary>
public sealed class SameOnBothDatabasesTests(SqliteApp sqlite, PostgresApp postgres) : IClassFixture<SqliteApp>, IClassFixture<PostgresApp>
{
    private readonly CtiPushApp[] apps = [Configured(sqlite), Configured(postgres)];

    private static CtiPushApp Configured(CtiPushApp app)
    {
        app.Settings["CallLog:TimeZone"] = "Europe/Berlin";
        app.Settings["Stats:BusinessHours:All:Wednesday"] = "09:00-10:00";
        app.Settings["Stats:BusinessHours:Queues:late:Wednesday"] = "10:00-12:00";
        return app;
    }

    [Fact]
    public async Task Sqlite_and_postgresql_give_the_same_figures_for_the_same_calls()
    {
        var random = new Random(18);
        var pbxs = apps.Select(a => new Pbx(a.CreateClient())).ToArray();
        for (var i = 0; i < 60; i++)
        {
            var callId = Pbx.NewCallId();
            var direction = random.Next(5) == 0 ? "out" : "in";
            var queue = new[] { "front", "late", "sales" }[random.Next(3)];
            var from = "4930" + random.Next(1000000, 1000020);
            var answeredBy = new[] { null, "anna", "anna.desk", "bob", "voicemail" }[random.Next(5)];
            var (waiting, talking, gap) = (random.Next(0, 40), random.Next(5, 300), random.Next(60, 900));
            foreach (var pbx in pbxs)
            {
                await Pbx.Ok(pbx.NewCall(callId, direction, from, "4930222", $"&queue={queue}"));
            }
            Advance(waiting);
            if (answeredBy is not null)
            {
                foreach (var pbx in pbxs)
                {
                    await Pbx.Ok(pbx.Answer(callId, answeredBy));
                }
                Advance(talking);
            }
            if (i % 17 != 0) // a few still ringing
            {
                foreach (var pbx in pbxs)
                {
                    await Pbx.Ok(pbx.Hangup(callId, answeredBy is null ? "cancel" : "normalClearing"));
                }
            }
            Advance(gap);
        }

        var window = "since=2026-11-24T00:00:00%2B01:00&until=2026-12-02T00:00:00%2B01:00";
        foreach (var by in new[] { "hour", "day", "week", "queue", "agent" })
        {
            foreach (var hours in new[] { "all", "business" })
            {
                var answers = new List<string>();
                foreach (var app in apps)
                {
                    answers.Add(JsonSerializer.Serialize(await new AdminApi(app.CreateAdminClient()).Get($"/api/v1/stats?by={by}&hours={hours}&{window}")));
                }
                Assert.Equal(answers[0], answers[1]);
                Assert.Contains("\"offered\":", answers[0]);
            }
        }
    }

    private void Advance(int seconds)
    {
        foreach (var app in apps)
        {
            app.Time.Advance(TimeSpan.FromSeconds(seconds));
        }
    }
}
