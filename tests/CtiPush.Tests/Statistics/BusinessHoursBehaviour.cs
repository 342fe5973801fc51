using System.Globalization;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Statistics;

/// <summary>
/// Stats:BusinessHours in Europe/Berlin: weekdays 08:00–18:00 for every queue, Saturday 10:00–14:00 for the queue
/// "weekend" only, Friday 2026-11-27 closed. The clock starts on Wednesday 2026-11-25, 10:00 in Berlin.
/// </summary>
public abstract class BusinessHoursBehaviour(CtiPushApp app)
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    protected readonly CtiPushApp App = WithHours(app);
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    private static CtiPushApp WithHours(CtiPushApp app)
    {
        app.Settings["CallLog:TimeZone"] = "Europe/Berlin";
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
        {
            app.Settings[$"Stats:BusinessHours:All:{day}"] = "08:00-18:00";
        }
        app.Settings["Stats:BusinessHours:Queues:weekend:Saturday"] = "10:00-12:00, 12:30-14:00";
        app.Settings["Stats:BusinessHours:Closed:0"] = "2026-11-27";
        return app;
    }

    private static string At(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>A call at <paramref name="local"/> (Berlin) that waits 10 s and is answered, or is given up.</summary>
    private async Task Call(DateTimeOffset local, bool answered, string queue = "front")
    {
        App.Time.Advance(local - App.Time.GetUtcNow());
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", "4930" + Random.Shared.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture), "4930222", $"&queue={queue}"));
        App.Time.Advance(TimeSpan.FromSeconds(10));
        if (answered)
        {
            await Pbx.Ok(Pbx.Answer(callId, "Alice"));
            App.Time.Advance(TimeSpan.FromSeconds(30));
        }
        await Pbx.Ok(Pbx.Hangup(callId, answered ? "normalClearing" : "cancel"));
    }

    private static int Figure(JsonElement figures, string name) => figures.GetProperty(name).GetInt32();

    [Fact]
    public async Task Calls_outside_business_hours_are_reported_apart_and_are_no_misses_of_the_team_inside_hours()
    {
        DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Winter);
        await Call(Local(25, 10), answered: true);                    // Wednesday, inside
        await Call(Local(25, 17, 59), answered: true);                // the last minute inside
        await Call(Local(25, 18), answered: false);                   // 18:00 is closed
        await Call(Local(27, 10), answered: false);                   // a closed date
        await Call(Local(28, 11), answered: true, queue: "weekend");  // Saturday in the queue with a week of its own
        await Call(Local(28, 11, 30), answered: false);               // Saturday in any other queue
        await Call(Local(28, 12, 15), answered: false, queue: "weekend"); // its lunch break
        await Call(Local(30, 7, 45), answered: false);                // Monday before opening

        var window = $"since={At(Local(25, 0))}&until={At(Local(30, 0).AddDays(2))}";
        var all = (await Admin.Get($"/api/v1/stats?by=day&{window}")).GetProperty("total");
        Assert.Equal((8, 3, 5, 5), (Figure(all, "offered"), Figure(all, "answered"), Figure(all, "abandoned"), Figure(all, "outsideHours")));

        var business = await Admin.Get($"/api/v1/stats?by=day&hours=business&{window}");
        var total = business.GetProperty("total");
        Assert.Equal((3, 3, 0, 5), (Figure(total, "offered"), Figure(total, "answered"), Figure(total, "abandoned"), Figure(total, "outsideHours")));
        Assert.Equal(1.0, total.GetProperty("answerRate").GetDouble());
        var days = business.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()![..10]);
        Assert.Equal((2, 1), (Figure(days["2026-11-25"], "offered"), Figure(days["2026-11-25"], "outsideHours")));
        Assert.Equal((0, 1), (Figure(days["2026-11-27"], "offered"), Figure(days["2026-11-27"], "outsideHours")));
        Assert.Equal((1, 2), (Figure(days["2026-11-28"], "offered"), Figure(days["2026-11-28"], "outsideHours")));

        var byQueue = await Admin.Get($"/api/v1/stats?by=queue&hours=business&{window}");
        var weekend = byQueue.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "weekend");
        Assert.Equal((1, 1, 1), (Figure(weekend, "offered"), Figure(weekend, "answered"), Figure(weekend, "outsideHours")));

        // Across the change to summer time the hours stay on the wall clock: 08:15 on 2027-03-29 is 06:15 UTC.
        var summer = TimeSpan.FromHours(2);
        await Call(new DateTimeOffset(2027, 3, 26, 8, 15, 0, Winter), answered: true);  // the Friday before, inside
        await Call(new DateTimeOffset(2027, 3, 29, 7, 45, 0, summer), answered: false); // 05:45 UTC, outside
        await Call(new DateTimeOffset(2027, 3, 29, 8, 15, 0, summer), answered: true);  // 06:15 UTC, inside
        var spring = (await Admin.Get($"/api/v1/stats?by=week&hours=business&since={At(new DateTimeOffset(2027, 3, 22, 0, 0, 0, Winter))}&until={At(new DateTimeOffset(2027, 4, 5, 0, 0, 0, summer))}")).GetProperty("total");
        Assert.Equal((2, 2, 1), (Figure(spring, "offered"), Figure(spring, "answered"), Figure(spring, "outsideHours")));
    }
}

public sealed class BusinessHoursOnSqlite(SqliteApp app) : BusinessHoursBehaviour(app), IClassFixture<SqliteApp>;

public sealed class BusinessHoursOnPostgres(PostgresApp app) : BusinessHoursBehaviour(app), IClassFixture<PostgresApp>;
