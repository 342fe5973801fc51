using System.Globalization;
using System.Text.Json;
using CtiPush.Infrastructure;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Statistics;

/// <summary>
/// The team's statistics on a known set of calls posted through the push endpoint with the fake clock, in
/// CallLog:TimeZone Europe/Berlin. Runs on SQLite and PostgreSQL with the same expectations.
/// </summary>
public abstract class TeamStatisticsBehaviour(CtiPushApp app)
{
    protected readonly CtiPushApp App = InBerlin(app);
    protected readonly Pbx Pbx = new(app.CreateClient());
    protected readonly AdminApi Admin = new(app.CreateAdminClient());

    /// <summary>Each test works in a queue of its own, so the calls of other tests never match.</summary>
    private readonly string queue = "q" + Guid.NewGuid().ToString("N")[..10];

    private static CtiPushApp InBerlin(CtiPushApp app)
    {
        app.Settings["CallLog:TimeZone"] = "Europe/Berlin";
        return app;
    }

    private static string Number() => "49301" + Random.Shared.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture);

    private static string At(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Moves the clock to the next full hour, some days on, so this test's calls are alone in their hours.</summary>
    private DateTimeOffset FreshHour()
    {
        var now = App.Time.GetUtcNow().AddDays(2);
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        App.Time.Advance(hour - App.Time.GetUtcNow());
        return hour;
    }

    private void MoveTo(DateTimeOffset time) => App.Time.Advance(time - App.Time.GetUtcNow());

    private async Task<string> Call(string? answeredBy, int waiting, int talking, string direction = "in", string? from = null,
        string? to = null, string cause = "normalClearing", string extra = "")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, direction, from ?? Number(), to ?? "4930222", $"&queue={queue}{extra}"));
        App.Time.Advance(TimeSpan.FromSeconds(waiting));
        if (answeredBy is not null)
        {
            await Pbx.Ok(Pbx.Answer(callId, answeredBy));
            App.Time.Advance(TimeSpan.FromSeconds(talking));
        }
        await Pbx.Ok(Pbx.Hangup(callId, cause));
        App.Time.Advance(TimeSpan.FromSeconds(1));
        return callId;
    }

    private Task<JsonElement> Stats(string query) => Admin.Get($"/api/v1/stats?{query}");

    [Fact]
    public async Task Causes_count_by_their_meaning_whatever_the_spelling()
    {
        var hour = FreshHour();
        await Call(null, waiting: 9, talking: 0, cause: "NOANSWER");  // an Asterisk bridge's: abandoned, as noAnswer
        await Call(null, waiting: 9, talking: 0, cause: "noAnswer");
        await Call(null, waiting: 9, talking: 0, cause: "Blocked");   // the PBX blocked the caller: blocked, not offered
        await Call(null, waiting: 9, talking: 0, cause: "blocked");
        await Call("Alice", waiting: 9, talking: 20, cause: "ANSWER");

        var total = (await Stats($"by=queue&queue={queue}&since={At(hour)}&until={At(hour.AddHours(1))}")).GetProperty("total");

        Assert.Equal((3, 1, 2, 2), (total.GetProperty("offered").GetInt32(), total.GetProperty("answered").GetInt32(),
            total.GetProperty("abandoned").GetInt32(), total.GetProperty("blocked").GetInt32()));
    }

    [Fact]
    public async Task Every_figure_follows_the_glossary_on_a_known_set_of_calls()
    {
        var hour = FreshHour();
        await Call("Alice", waiting: 10, talking: 60);                  // answered within the service level
        await Call("Alice", waiting: 30, talking: 40);                  // answered late
        await Call(null, waiting: 3, talking: 0, cause: "cancel");      // a short abandon
        var missedNumber = Number();
        await Call(null, waiting: 12, talking: 0, from: missedNumber, cause: "cancel"); // abandoned
        await Call("voicemail", waiting: 25, talking: 20);              // the mailbox is no person: abandoned
        await Pbx.Ok(Pbx.NewCall(Pbx.NewCallId(), "in", Number(), "4930222", $"&queue={queue}")); // still ringing: waiting now, not counted
        var blocked = Number();
        await Admin.Block(blocked);
        await Call(null, waiting: 1, talking: 0, from: blocked, cause: "busy"); // blocked: not offered
        var first = await Call("Bob", waiting: 8, talking: 10);         // a transfer: one journey over two legs
        await Call("Carol", waiting: 4, talking: 30, extra: $"&origCallId={first}");
        await Call("Alice", waiting: 5, talking: 100, direction: "out", to: missedNumber); // outbound; it reaches the caller back

        var window = $"since={At(hour)}&until={At(hour.AddHours(1))}";
        var expected = new Dictionary<string, object?>
        {
            ["offered"] = 6, ["answered"] = 3, ["abandoned"] = 3, ["shortAbandoned"] = 1, ["blocked"] = 1,
            ["answerRate"] = 0.6, ["serviceLevel"] = 0.4, ["asaSeconds"] = 16.0,
            ["waitingMedianSeconds"] = 10.0, ["waitingP90Seconds"] = 26.0,
            ["talkingSeconds"] = 140, ["talkingMeanSeconds"] = 46.67,
            ["outbound"] = 1, ["outboundTalkingSeconds"] = 100, ["outsideHours"] = 0,
        };
        var byQueue = await Stats($"by=queue&queue={queue}&{window}");
        var row = Assert.Single(byQueue.GetProperty("rows").EnumerateArray());
        Assert.Equal(queue, row.GetProperty("group").GetString());
        foreach (var figures in new[] { row, byQueue.GetProperty("total") })
        {
            foreach (var (name, value) in expected)
            {
                Assert.True(figures.TryGetProperty(name, out var got), $"{name} is missing");
                Assert.True(value switch
                {
                    int i => got.GetInt64() == i,
                    double d => Math.Abs(got.GetDouble() - d) < 0.005,
                    _ => got.ValueKind == JsonValueKind.Null,
                }, $"{name}: expected {value}, got {got}");
            }
        }

        // By time the callbacks count too: three missed callers, one of them reached by the outbound call.
        var byHour = await Stats($"by=hour&{window}");
        var bucket = Assert.Single(byHour.GetProperty("rows").EnumerateArray());
        Assert.Equal(hour.ToOffset(TimeSpan.FromHours(1)), DateTimeOffset.Parse(bucket.GetProperty("group").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal("+01:00", bucket.GetProperty("group").GetString()![^6..]);
        Assert.Equal(6, bucket.GetProperty("offered").GetInt32());
        Assert.Equal(3, bucket.GetProperty("callbacksOpened").GetInt32());
        Assert.Equal(1, bucket.GetProperty("callbacksResolved").GetInt32());
        Assert.True(bucket.GetProperty("callbackMedianSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task The_csv_has_the_figures_of_the_json_one_line_per_group_then_the_total()
    {
        var hour = FreshHour();
        await Call("Alice", waiting: 10, talking: 60);
        await Call("=HYPERLINK(1)", waiting: 30, talking: 40); // a PBX name a spreadsheet would run
        await Call(null, waiting: 12, talking: 0, cause: "cancel");
        var query = $"by=agent&queue={queue}&since={At(hour)}&until={At(hour.AddHours(1))}";
        var json = await Stats(query);

        using var response = await App.CreateAdminClient().GetAsync($"/api/v1/stats.csv?{query}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("statistics-agent-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await response.Content.ReadAsStringAsync();
        SpreadsheetCells.AssertNoFormula(text);
        var lines = SpreadsheetCells.Rows(text);
        var header = lines[0];
        Assert.Equal(["line", "group", "offered", "answered", "abandoned", "shortAbandoned", "blocked", "answerRate", "serviceLevel"], header[..9]);
        var expected = json.GetProperty("rows").EnumerateArray().Select(r => ("row", r)).Append(("total", json.GetProperty("total"))).ToList();
        Assert.Equal(expected.Count, lines.Count - 1);
        foreach (var ((line, figures), cells) in expected.Zip(lines.Skip(1)))
        {
            Assert.Equal(line, cells[0]);
            Assert.Equal(figures.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : "", SpreadsheetCsv.Unescape(cells[1]));
            foreach (var (name, cell) in header.Zip(cells).Skip(2))
            {
                var value = figures.GetProperty(name);
                Assert.True(value.ValueKind == JsonValueKind.Null ? cell == "" : double.Parse(cell, CultureInfo.InvariantCulture) == value.GetDouble(),
                    $"{cells[1]} {name}: the json says {value}, the csv {cell}");
            }
        }
        Assert.Equal(["row", "row", "total"], lines.Skip(1).Select(l => l[0]));
        Assert.Equal("answeredShare", header[^1]); // new columns go at the end: readers by position keep working
        Assert.Equal(["0.5", "0.5", ""], lines.Skip(1).Select(l => l[^1]));
    }

    [Fact]
    public async Task The_csv_refuses_what_the_json_refuses()
    {
        var problem = await Admin.Get("/api/v1/stats.csv?by=month", 422);

        Assert.Contains("hour, day, week, queue or agent", problem.ErrorsOf("by"));
    }

    [Fact]
    public async Task Without_calls_the_rates_are_null_and_an_unknown_queue_or_agent_gives_nothing()
    {
        var hour = FreshHour();
        await Call("Alice", waiting: 10, talking: 60);
        var window = $"since={At(hour)}&until={At(hour.AddHours(1))}";

        foreach (var filter in new[] { "queue=no-such-queue", "agent=no-such-agent", $"queue={queue}&agent=no-such-agent" })
        {
            var stats = await Stats($"by=day&{filter}&{window}");
            Assert.Empty(stats.GetProperty("rows").EnumerateArray());
            Assert.Equal(0, stats.GetProperty("total").GetProperty("offered").GetInt32());
            Assert.Equal(JsonValueKind.Null, stats.GetProperty("total").GetProperty("answerRate").ValueKind);
            Assert.Equal(JsonValueKind.Null, stats.GetProperty("total").GetProperty("serviceLevel").ValueKind);
            Assert.Equal(JsonValueKind.Null, stats.GetProperty("total").GetProperty("asaSeconds").ValueKind);
        }
    }

    [Fact]
    public async Task Agents_are_people_with_their_pbx_names_joined_or_the_pbx_name_itself()
    {
        var hour = FreshHour();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (_, anna) = await new Team(App).Add("agent", pbxNames: [$"Anna-{tag}", $"anna.desk-{tag}"]);
        await Call($"ANNA-{tag}", waiting: 10, talking: 60);
        await Call($"anna.desk-{tag}", waiting: 20, talking: 30);
        await Call($"temp-{tag}", waiting: 4, talking: 15);
        await Call(null, waiting: 12, talking: 0, cause: "cancel");
        var window = $"since={At(hour)}&until={At(hour.AddHours(1))}";

        var byAgent = await Stats($"by=agent&queue={queue}&{window}");
        var rows = byAgent.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!);
        Assert.Equal([anna, $"temp-{tag}"], rows.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(2, rows[anna].GetProperty("answered").GetInt32());
        Assert.Equal(90, rows[anna].GetProperty("talkingSeconds").GetInt64());
        Assert.Equal(15, rows[anna].GetProperty("asaSeconds").GetDouble());
        Assert.Equal(1, rows[$"temp-{tag}"].GetProperty("answered").GetInt32());

        foreach (var agent in new[] { anna, $"anna.desk-{tag}" })
        {
            var one = await Stats($"by=day&agent={Uri.EscapeDataString(agent)}&{window}");
            Assert.Equal(2, one.GetProperty("total").GetProperty("answered").GetInt32());
            Assert.Equal(90, one.GetProperty("total").GetProperty("talkingSeconds").GetInt64());
        }
    }

    [Fact]
    public async Task Each_agent_s_share_is_their_answered_of_the_period_s_answered_and_the_shares_add_up_to_one()
    {
        var hour = FreshHour();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (_, anna) = await new Team(App).Add("agent", pbxNames: [$"Anna-{tag}", $"anna.desk-{tag}"]);
        await Call($"Anna-{tag}", waiting: 10, talking: 60);
        await Call($"anna.desk-{tag}", waiting: 20, talking: 30);       // the same person under another PBX name
        await Call($"bob-{tag}", waiting: 5, talking: 20);
        var first = await Call($"bob-{tag}", waiting: 8, talking: 10); // a transfer: each leg counts for its agent
        await Call($"carol-{tag}", waiting: 4, talking: 30, extra: $"&origCallId={first}");
        await Call("voicemail", waiting: 25, talking: 20);              // the mailbox is no agent
        await Call(null, waiting: 12, talking: 0, cause: "cancel");
        await Call($"dave-{tag}", waiting: 5, talking: 100, direction: "out"); // outbound: an agent's row, nothing answered
        var window = $"queue={queue}&since={At(hour)}&until={At(hour.AddHours(1))}";

        var byAgent = await Stats($"by=agent&{window}");

        var expected = new (string Agent, int Answered, double Share)[]
        {
            (anna, 2, 0.4), ($"bob-{tag}", 2, 0.4), ($"carol-{tag}", 1, 0.2), ($"dave-{tag}", 0, 0.0),
        };
        var rows = byAgent.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("group").GetString()!, r.GetProperty("answered").GetInt32(), r.GetProperty("answeredShare").GetDouble()));
        Assert.Equal(expected, rows);
        Assert.Equal(5, byAgent.GetProperty("total").GetProperty("answered").GetInt32());
        Assert.Equal(JsonValueKind.Null, byAgent.GetProperty("total").GetProperty("answeredShare").ValueKind);
        // Only agents have shares: a queue's or a bucket's row has none.
        foreach (var by in new[] { "queue", "day" })
        {
            var row = Assert.Single((await Stats($"by={by}&{window}")).GetProperty("rows").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("answeredShare").ValueKind);
        }
    }

    [Fact]
    public async Task Buckets_follow_the_time_zone_across_daylight_saving_changes()
    {
        // Spring forward: 2027-03-28 has 23 hours in Berlin. Fall back: 2027-10-31 has 25, with 02:00 to 03:00 twice.
        // (The fake clock starts in November 2026 and never goes back, so the changes of 2027 stand in for 2026-10-25.)
        MoveTo(new DateTimeOffset(2027, 3, 28, 21, 30, 0, TimeSpan.Zero)); // 23:30 +02:00, still the 28th
        await Call("Alice", waiting: 10, talking: 10);
        MoveTo(new DateTimeOffset(2027, 3, 28, 22, 30, 0, TimeSpan.Zero)); // 00:30 on the 29th
        await Call("Alice", waiting: 10, talking: 10);
        var spring = await Stats($"by=day&queue={queue}&since={At(new DateTimeOffset(2027, 3, 27, 23, 0, 0, TimeSpan.Zero))}&until={At(new DateTimeOffset(2027, 3, 29, 22, 0, 0, TimeSpan.Zero))}");
        Assert.Equal(["2027-03-28T00:00:00+01:00", "2027-03-29T00:00:00+02:00"], Groups(spring));

        MoveTo(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero)); // 02:30 +02:00
        await Call("Alice", waiting: 10, talking: 10);
        MoveTo(new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero)); // 02:30 +01:00, the same hour on the wall
        await Call("Alice", waiting: 10, talking: 10);
        MoveTo(new DateTimeOffset(2027, 10, 31, 22, 30, 0, TimeSpan.Zero)); // 23:30 +01:00, still the 31st
        await Call("Alice", waiting: 10, talking: 10);
        var dayStart = new DateTimeOffset(2027, 10, 30, 22, 0, 0, TimeSpan.Zero);
        var window = $"queue={queue}&since={At(dayStart)}&until={At(dayStart.AddHours(25))}";
        var byHour = await Stats($"by=hour&{window}");
        Assert.Equal(["2027-10-31T02:00:00+02:00", "2027-10-31T02:00:00+01:00", "2027-10-31T23:00:00+01:00"], Groups(byHour));
        var byDay = await Stats($"by=day&{window}");
        var day = Assert.Single(byDay.GetProperty("rows").EnumerateArray());
        Assert.Equal("2027-10-31T00:00:00+02:00", day.GetProperty("group").GetString());
        Assert.Equal(3, day.GetProperty("offered").GetInt32());
        var byWeek = await Stats($"by=week&{window}");
        Assert.Equal(["2027-10-25T00:00:00+02:00"], Groups(byWeek));
    }

    private static string[] Groups(JsonElement stats) =>
        [.. stats.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("group").GetString()!)];

    [Theory]
    [InlineData("since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "since", "before until")]
    [InlineData("by=month", "by", "hour, day, week, queue or agent")]
    [InlineData("by=hour&since=2025-01-01T00:00:00Z&until=2026-02-05T00:00:01Z", "since", "at most 400 days")]
    [InlineData("hours=weekdays", "hours", "business or all")]
    [InlineData("until=0001-01-01T00:00:00Z", "until", "outside any time")]
    public async Task A_query_the_statistics_cannot_answer_gets_422_naming_the_field(string query, string field, string words)
    {
        var problem = await Admin.Get($"/api/v1/stats?{query}", 422);

        Assert.Contains(words, problem.ErrorsOf(field));
    }

    [Fact]
    public async Task A_period_of_exactly_400_days_by_hour_is_given()
    {
        var stats = await Stats("by=hour&queue=none&since=2025-01-01T00:00:00Z&until=2026-02-05T00:00:00Z");

        Assert.Empty(stats.GetProperty("rows").EnumerateArray());
    }
}

public sealed class TeamStatisticsOnSqlite(SqliteApp app) : TeamStatisticsBehaviour(app), IClassFixture<SqliteApp>;

public sealed class TeamStatisticsOnPostgres(PostgresApp app) : TeamStatisticsBehaviour(app), IClassFixture<PostgresApp>;
