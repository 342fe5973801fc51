using System.Text.Json;
using CtiPush.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CtiPush.Tests.Web;

/// <summary>The Statistics view in Chromium: a Chart.js chart with axes, labels and legend, the table beneath, the choosers and the CSV.</summary>
public sealed class StatisticsPageTests : BrowserTest
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["CallLog:TimeZone"] = "Europe/Berlin";

    private async Task Inbound(string? answeredBy, int waiting, string queue = "support")
    {
        var callId = Pbx.NewCallId();
        await Pbx.Ok(Pbx.NewCall(callId, "in", extra: $"&queue={queue}"));
        App.Time.Advance(TimeSpan.FromSeconds(waiting));
        if (answeredBy is not null)
        {
            await Pbx.Ok(Pbx.Answer(callId, answeredBy));
            App.Time.Advance(TimeSpan.FromSeconds(30));
        }
        await Pbx.Ok(Pbx.Hangup(callId, answeredBy is null ? "cancel" : "normalClearing"));
    }

    [Fact]
    public async Task The_chart_draws_answered_and_abandoned_calls_with_axes_labels_and_legend_above_a_table_of_the_same_figures()
    {
        // Wednesday 2026-11-25, 10:00 in Berlin: three answered (one late), one abandoned. An hour later: one answered.
        await Inbound("Alice", waiting: 10);
        await Inbound("Alice", waiting: 40);
        await Inbound("Bob", waiting: 5, queue: "sales");
        await Inbound(null, waiting: 12);
        App.Time.Advance(TimeSpan.FromHours(1));
        await Inbound("Bob", waiting: 8);
        await BrowserAtServiceTime();
        await SignIn((await Team.Add("viewer")).UserName);

        await Tab("stats").ClickAsync();
        await Assertions.Expect(Page.Locator("#stats-summary")).ToHaveTextAsync("5 offered, 4 answered, 1 abandoned — answer rate 80 %, service level 60 %");
        var drawn = await Chart();
        Assert.Equal(["Answered", "Abandoned", "Service level", "Answer rate"], Strings(drawn, "legend"));
        Assert.Equal("Day", drawn.GetProperty("xTitle").GetString());
        Assert.Equal("Calls", drawn.GetProperty("yTitle").GetString());
        Assert.Equal("Per cent", drawn.GetProperty("shareTitle").GetString());
        var days = Strings(drawn, "labels");
        Assert.Equal(30, days.Length); // the last 30 days, those without calls drawn as zero
        Assert.Contains("25", days[^1]); // the day, as this locale writes it
        Assert.Equal([.. Enumerable.Repeat(0, 29), 4], Ints(drawn, "answered"));
        Assert.True(drawn.GetProperty("inked").GetInt32() > 1000, "the canvas has hardly anything drawn on it");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("#stats-rows tr td").First).ToHaveTextAsync("5");
        await Assertions.Expect(Page.Locator("#stats-total [data-field=serviceLevel]")).ToHaveTextAsync("60 %");
        await Assertions.Expect(Page.Locator("#stats-total [data-field=asa]")).ToHaveTextAsync("16 s");
        await Screenshot("statistics");

        // Per hour and per queue: the axis, the groups and the CSV follow the choosers.
        await Page.SelectOptionAsync("#stats-form select[name=by]", "hour");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(2);
        drawn = await Chart();
        Assert.Equal("Hour", drawn.GetProperty("xTitle").GetString());
        var hours = Ints(drawn, "answered");
        Assert.Equal(29 * 24 + 12, hours.Length); // from local midnight 29 days back to 11:00 today
        Assert.Equal([3, 1], hours[^2..]);
        Assert.Equal(hours.Length - 2, hours.Count(v => v == 0));
        Assert.Equal([1, 0], Ints(drawn, "abandoned")[^2..]);

        await Page.SelectOptionAsync("#stats-form select[name=by]", "queue");
        await Assertions.Expect(Page.Locator("#stats-rows th")).ToHaveTextAsync(["sales", "support"]);
        Assert.Equal(["sales", "support"], Strings(await Chart(), "labels"));
        var href = await Page.Locator("#stats-export").GetAttributeAsync("href");
        Assert.StartsWith("/api/v1/stats.csv?by=queue&since=", href);
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#stats-export").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("\"row\",\"support\",\"4\",\"3\",\"1\"", csv);
        await Screenshot("statistics-per-queue");
    }

    [Fact]
    public async Task Hours_days_and_weeks_without_calls_are_drawn_as_zero_in_the_chart_while_the_table_lists_those_with_calls()
    {
        await Inbound("Alice", waiting: 10);             // Wednesday 2026-11-25, 10:00 in Berlin
        App.Time.Advance(TimeSpan.FromDays(2));
        await Inbound("Bob", waiting: 10);               // Friday 2026-11-27, 10:00
        await Inbound(null, waiting: 12);
        await BrowserAtServiceTime();
        await SignIn((await Team.Add("viewer")).UserName);
        await Tab("stats").ClickAsync();

        await Page.SelectOptionAsync("#stats-form select[name=period]", "6");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(2);
        var drawn = await ChartOf(7); // Saturday 21 to Friday 27 (the 30 days drawn first have the same two rows)
        Assert.Contains("21", Strings(drawn, "labels")[0]);
        Assert.Equal([0, 0, 0, 0, 1, 0, 1], Ints(drawn, "answered"));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], Ints(drawn, "abandoned"));

        // Today by hour: midnight to 10:00, the calls in the last hour.
        await Page.SelectOptionAsync("#stats-form select[name=period]", "0");
        await Page.SelectOptionAsync("#stats-form select[name=by]", "hour");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(1);
        drawn = await ChartOf(11);
        Assert.Equal([.. Enumerable.Repeat(0, 10), 1], Ints(drawn, "answered"));
        Assert.Equal([.. Enumerable.Repeat(0, 10), 1], Ints(drawn, "abandoned"));

        // 13 weeks by week, from the Monday before 2026-08-29, across the end of summer time on 2026-10-25: the
        // server's week of 2026-11-23 (+01:00) is the chart's last, not one more.
        await Page.SelectOptionAsync("#stats-form select[name=period]", "90");
        await Page.SelectOptionAsync("#stats-form select[name=by]", "week");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(1);
        drawn = await ChartOf(14);
        Assert.Equal([.. Enumerable.Repeat(0, 13), 2], Ints(drawn, "answered"));
        Assert.Contains("24", Strings(drawn, "labels")[0]); // Monday 2026-08-24
        await Screenshot("statistics-empty-weeks");

        // The same 91 days by hour: 90 whole days, one of them 25 hours long, and today's 11 hours.
        await Page.SelectOptionAsync("#stats-form select[name=by]", "hour");
        await Assertions.Expect(Page.Locator("#stats-rows tr")).ToHaveCountAsync(2);
        var hours = Ints(await ChartOf(90 * 24 + 1 + 11), "answered");
        Assert.Equal(2, hours.Sum());
    }

    [Fact]
    public async Task An_answer_for_an_earlier_choice_that_arrives_late_is_not_drawn_over_the_latest()
    {
        await Inbound("Alice", waiting: 10);             // Wednesday 2026-11-25, 10:00 in Berlin
        await BrowserAtServiceTime();
        await SignIn((await Team.Add("viewer")).UserName);
        // The first question (the last 30 days, asked on opening the view) is held until the second has been drawn.
        var release = new TaskCompletionSource();
        string? heldUrl = null;
        await Page.RouteAsync("**/api/v1/stats?*", async route =>
        {
            if (Interlocked.CompareExchange(ref heldUrl, route.Request.Url, null) is null)
            {
                await release.Task;
            }
            await route.ContinueAsync();
        });
        await Tab("stats").ClickAsync();

        await Page.SelectOptionAsync("#stats-form select[name=period]", "6");
        await ChartOf(7);
        await Page.RunAndWaitForRequestFinishedAsync(() => { release.SetResult(); return Task.CompletedTask; },
            new() { Predicate = request => request.Url == heldUrl });
        await Page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 250))"); // time to draw, were it drawn

        Assert.Equal(7, Strings(await Chart(), "labels").Length);
    }

    [Fact]
    public async Task By_agent_the_table_shows_each_agent_s_share_of_the_answered_calls()
    {
        await Inbound("Alice", waiting: 10);
        await Inbound("Alice", waiting: 10);
        await Inbound("Alice", waiting: 10, queue: "sales");
        await Inbound("Bob", waiting: 5);
        await Inbound(null, waiting: 12);
        await BrowserAtServiceTime();
        await SignIn((await Team.Add("viewer")).UserName);
        await Tab("stats").ClickAsync();
        await Assertions.Expect(Page.Locator("#stats-table thead th.share")).ToBeHiddenAsync(); // by day: no shares

        await Page.SelectOptionAsync("#stats-form select[name=by]", "agent");

        await Assertions.Expect(Page.Locator("#stats-rows th")).ToHaveTextAsync(["Alice", "Bob"]);
        await Assertions.Expect(Page.Locator("#stats-table thead th.share")).ToHaveTextAsync("Share of answered");
        await Assertions.Expect(Page.Locator("#stats-rows [data-field=answered]")).ToHaveTextAsync(["3", "1"]);
        await Assertions.Expect(Page.Locator("#stats-rows [data-field=share]")).ToHaveTextAsync(["75 %", "25 %"]);
        await Screenshot("statistics-per-agent");
    }

    /// <summary>The chart once it has <paramref name="labels"/> labels: a new choice redraws it a moment after the table.</summary>
    private async Task<JsonElement> ChartOf(int labels)
    {
        JsonElement drawn = default;
        await Eventually.Until(async () => Labels(drawn = await Chart()) == labels, $"a chart of {labels} labels",
            detail: () => $"{Labels(drawn)} labels");
        return drawn;

        static int Labels(JsonElement drawn) => drawn.ValueKind == JsonValueKind.Object ? Strings(drawn, "labels").Length : 0;
    }

    /// <summary>What Chart.js drew on #chart (null before the first answer): legend, axis titles, labels, data, and how many pixels are not blank.</summary>
    private async Task<JsonElement> Chart() => await Page.EvaluateAsync<JsonElement>("""
        () => {
          const canvas = document.querySelector('#chart');
          const chart = Chart.getChart(canvas);
          if (!chart) return null;
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          return {
            legend: chart.legend.legendItems.map(item => item.text),
            xTitle: chart.options.scales.x.title.text,
            yTitle: chart.options.scales.calls.title.text,
            shareTitle: chart.options.scales.share.title.text,
            labels: chart.data.labels,
            answered: chart.data.datasets[0].data,
            abandoned: chart.data.datasets[1].data,
            inked,
          };
        }
        """);

    private static string[] Strings(JsonElement drawn, string name) =>
        [.. drawn.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];

    private static int[] Ints(JsonElement drawn, string name) =>
        [.. drawn.GetProperty(name).EnumerateArray().Select(v => v.GetInt32())];
}
