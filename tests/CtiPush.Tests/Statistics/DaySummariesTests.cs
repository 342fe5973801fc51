using System.Text.Json;
using CtiPush.Statistics;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Tests.Statistics;

/// <summary>
/// Settled days come from their summaries: the same figures as read from every call, to the byte, on both databases;
/// and a summary follows its calls (a late event, a deleted call, other business hours show at once). The calls are
/// pushed over the last days by the real clock, since the database's clock decides which days are settled.
/// </summary>
public sealed class DaySummariesTests(PostgresServer server)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset Start = new(Now.Year, Now.Month, Now.Day, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>Midnight in Berlin, <paramref name="days"/> days before today's (UTC) date.</summary>
    private static DateTimeOffset BerlinMidnight(int days)
    {
        var date = Start.AddDays(-days).DateTime;
        return new DateTimeOffset(date, Berlin.GetUtcOffset(date));
    }

    private static T Configured<T>(T app, bool summaries) where T : CtiPushApp
    {
        app.Settings["CallLog:TimeZone"] = "Europe/Berlin";
        app.Settings["Stats:BusinessHours:All:Monday"] = "09:00-17:00";
        app.Settings["Stats:BusinessHours:All:Wednesday"] = "09:00-10:00, 14:00-18:00";
        app.Settings["Stats:BusinessHours:Queues:late:Wednesday"] = "10:00-12:00";
        app.Settings["Stats:DaySummaries"] = summaries ? "true" : "false";
        return app;
    }

    private async Task<CtiPushApp> Postgres(bool summaries)
    {
        var app = Configured(new PostgresApp(server), summaries);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>How many days of [<paramref name="from"/>, <paramref name="to"/>) are summed up (the service sums up the last 400 at start too).</summary>
    private static Task<int> SummarizedDays(CtiPushApp app, DateTimeOffset from, DateTimeOffset to) =>
        app.InDatabase(db => db.Set<DaySummary>().CountAsync(d => d.StartsAt >= from.ToUniversalTime() && d.StartsAt < to.ToUniversalTime()));

    [Fact]
    public async Task Settled_days_read_from_their_summaries_give_the_figures_read_from_the_calls_on_both_databases()
    {
        await using var sqliteCalls = Configured(new SqliteApp(), summaries: false);
        await using var sqliteSummaries = Configured(new SqliteApp(), summaries: true);
        await using var postgresCalls = await Postgres(summaries: false);
        await using var postgresSummaries = await Postgres(summaries: true);
        CtiPushApp[] apps = [sqliteCalls, sqliteSummaries, postgresCalls, postgresSummaries];
        foreach (var app in apps)
        {
            app.Time.SetUtcNow(Start.AddDays(-5)); // the apps' clocks start on 2026-11-25: forward only
        }
        var pbxs = apps.Select(a => new Pbx(a.CreateClient())).ToArray();
        var random = new Random(21);
        // Calls every few hours over five days up to now: the last day or two are not settled yet.
        while (apps[0].Time.GetUtcNow() < Now.AddMinutes(-30))
        {
            var callId = Pbx.NewCallId();
            var direction = random.Next(5) == 0 ? "out" : "in";
            var queue = new[] { "front", "late", "sales" }[random.Next(3)];
            var answeredBy = new[] { null, "anna", "Anna", "bob", "voicemail" }[random.Next(5)];
            var (waiting, talking) = (random.Next(0, 40), random.Next(5, 300));
            var from = "4930" + random.Next(1000000, 1000020);
            await All(pbx => pbx.NewCall(callId, direction, from, "4930222", $"&queue={queue}"));
            Advance(waiting);
            if (answeredBy is not null)
            {
                await All(pbx => pbx.Answer(callId, answeredBy));
                Advance(talking);
            }
            // Every call ends (the service ends a call left ringing for hours by itself, at its own moment in each app).
            await All(pbx => pbx.Hangup(callId, answeredBy is null ? "cancel" : "normalClearing"));
            Advance(random.Next(1800, 4 * 3600));
        }

        var window = $"since={At(Start.AddDays(-9))}&until={At(Start.AddDays(2))}";
        foreach (var query in new[] { "by=day", "by=week", "by=queue", "by=agent", "by=day&queue=late", "by=queue&agent=anna", "by=hour" })
        {
            foreach (var hours in new[] { "all", "business" })
            {
                var answers = new List<string>();
                foreach (var app in apps)
                {
                    answers.Add(JsonSerializer.Serialize(await new AdminApi(app.CreateAdminClient()).Get($"/api/v1/stats?{query}&hours={hours}&{window}")));
                }
                Assert.All(answers, answer => Assert.Equal(answers[0], answer));
                Assert.Contains("\"offered\":", answers[0]);
            }
        }
        Assert.Equal(0, await SummarizedDays(sqliteCalls, Start.AddDays(-9), Start));
        Assert.InRange(await SummarizedDays(sqliteSummaries, Start.AddDays(-9), Start), 5, 9);
        Assert.InRange(await SummarizedDays(postgresSummaries, Start.AddDays(-9), Start), 5, 9);

        async Task All(Func<Pbx, Task<HttpResponseMessage>> post)
        {
            foreach (var pbx in pbxs)
            {
                await Pbx.Ok(post(pbx));
            }
        }

        void Advance(int seconds)
        {
            foreach (var app in apps)
            {
                app.Time.Advance(TimeSpan.FromSeconds(seconds));
            }
        }
    }

    [Fact]
    public async Task A_late_hangup_and_a_deleted_call_of_a_summarized_day_show_at_once_on_sqlite() =>
        await LateChangesShowAtOnce(Configured(new SqliteApp(), summaries: true));

    [Fact]
    public async Task A_late_hangup_and_a_deleted_call_of_a_summarized_day_show_at_once_on_postgresql() =>
        await LateChangesShowAtOnce(await Postgres(summaries: true));

    private static async Task LateChangesShowAtOnce(CtiPushApp app)
    {
        await using var _ = app;
        var pbx = new Pbx(app.CreateClient());
        var admin = new AdminApi(app.CreateAdminClient());
        var (midnight, next) = (BerlinMidnight(3), BerlinMidnight(2));
        app.Time.SetUtcNow(midnight.AddHours(10).ToUniversalTime());
        var (ringing, answered) = (Pbx.NewCallId(), Pbx.NewCallId());
        await Pbx.Ok(pbx.NewCall(ringing, "in", "493055571600", "4930222", "&queue=front"));
        await Pbx.Ok(pbx.NewCall(answered, "in", "493055571601", "4930222", "&queue=front"));
        app.Time.Advance(TimeSpan.FromSeconds(12));
        await Pbx.Ok(pbx.Answer(answered, "anna"));
        app.Time.Advance(TimeSpan.FromSeconds(60));
        await Pbx.Ok(pbx.Hangup(answered));
        var day = $"/api/v1/stats?by=day&since={At(midnight)}&until={At(next)}";

        var before = (await admin.Get(day)).GetProperty("total");
        Assert.Equal(1, before.GetProperty("offered").GetInt32()); // the ringing call is not offered yet
        Assert.Equal(1, await SummarizedDays(app, midnight, next));

        // The PBX's hangup arrives days late: the day's summary goes, and the figures have the call at once.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await Pbx.Ok(pbx.Hangup(ringing, "cancel"));
        Assert.Equal(0, await SummarizedDays(app, midnight, next));
        var after = (await admin.Get(day)).GetProperty("total");
        Assert.Equal(2, after.GetProperty("offered").GetInt32());
        Assert.Equal(1, after.GetProperty("abandoned").GetInt32());
        Assert.Equal(1, await SummarizedDays(app, midnight, next)); // summed up again

        // A call deleted (retention, by hand) leaves the figures at once too.
        await app.InDatabase(async db =>
        {
            var id = await db.Set<CtiPush.CallLog.Call>().Where(c => c.CallId == answered).Select(c => c.Id).SingleAsync();
            await db.Set<CtiPush.CallLog.CallEvent>().Where(e => e.CallRowId == id).ExecuteDeleteAsync();
            return await db.Set<CtiPush.CallLog.Call>().Where(c => c.Id == id).ExecuteDeleteAsync();
        });
        var deleted = (await admin.Get(day)).GetProperty("total");
        Assert.Equal(1, deleted.GetProperty("offered").GetInt32());
        Assert.Equal(0, deleted.GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task Days_summed_up_under_other_business_hours_are_summed_up_again()
    {
        var date = Start.AddDays(-4);
        await using var first = await Postgres(summaries: true);
        first.Settings["Stats:BusinessHours:Closed:0"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var pbx = new Pbx(first.CreateClient());
        first.Time.SetUtcNow(date.AddHours(10).ToUniversalTime());
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId, "in", "493055571600", "4930222", "&queue=front"));
        first.Time.Advance(TimeSpan.FromSeconds(30));
        await Pbx.Ok(pbx.Hangup(callId, "cancel"));
        var day = $"/api/v1/stats?by=day&hours=business&since={At(date.AddDays(-1))}&until={At(date.AddDays(1))}";
        var closed = (await new AdminApi(first.CreateAdminClient()).Get(day)).GetProperty("total");
        Assert.Equal(0, closed.GetProperty("offered").GetInt32());
        Assert.Equal(1, closed.GetProperty("outsideHours").GetInt32());

        // The same database under hours open all day, every day: the day is summed up again, the call inside them.
        await using var second = first.CreateTwin();
        second.Settings.Remove("Stats:BusinessHours:Closed:0");
        foreach (var weekday in Enum.GetNames<DayOfWeek>())
        {
            second.Settings[$"Stats:BusinessHours:All:{weekday}"] = "00:00-24:00";
        }
        var open = (await new AdminApi(second.CreateAdminClient()).Get(day)).GetProperty("total");
        Assert.Equal(1, open.GetProperty("offered").GetInt32());
        Assert.Equal(0, open.GetProperty("outsideHours").GetInt32());
        Assert.Equal(1, await second.InDatabase(db => db.Set<DaySummary>().Select(d => d.Fingerprint).Distinct().CountAsync())); // the old ones went
    }

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));
}
