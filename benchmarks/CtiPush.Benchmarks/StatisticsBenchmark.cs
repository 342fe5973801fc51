using System.Diagnostics;
using System.Globalization;

namespace CtiPush.Benchmarks;

/// <summary>
/// GET /api/v1/stats over 1,000,000 calls in PostgreSQL (400 days of them, loaded with COPY), the service in Release
/// as its own process in Europe/Berlin with business hours set: a 30-day request per day, a month per agent, a
/// 400-day year per week (all hours and business hours only), timed over 10 requests after 2 to warm up.
/// Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- stats [count]
/// </summary>
public static class StatisticsBenchmark
{
    private const int Runs = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var settings = new Dictionary<string, string> { ["CallLog__TimeZone"] = "Europe/Berlin", ["Stats__BusinessHours__Closed__0"] = "2026-12-24" };
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
        {
            settings[$"Stats__BusinessHours__All__{day}"] = "08:00-12:00, 13:00-18:00";
        }
        settings["Stats__BusinessHours__Queues__q-3__Saturday"] = "10:00-14:00";
        await using var service = await ServiceUnderTest.StartAsync(settings);

        // The 400 days up to today: days settled a day after they end are read from their summaries, the rest from the calls.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        DateTimeOffset Midnight(DateTime date) => new(date.Date, berlin.GetUtcOffset(date.Date));
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, berlin).Date;
        var loading = Stopwatch.StartNew();
        await CallLogQueryBenchmark.LoadCalls(service.Database, count, days: 400, from: Midnight(today.AddDays(-400)).ToUniversalTime());
        Console.WriteLine($"loaded {count:N0} calls over the 400 days up to today in {loading.Elapsed.TotalSeconds:F1} s");

        string At(DateTime date) => Uri.EscapeDataString(Midnight(date).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var month = new DateTime(today.Year, today.Month, 1).AddMonths(-1);
        (string Name, string Query)[] requests =
        [
            ("30 days per day", $"by=day&since={At(today.AddDays(-30))}&until={At(today.AddDays(1))}"),
            ("a month per agent", $"by=agent&since={At(month)}&until={At(month.AddMonths(1))}"),
            ("400 days per week", $"by=week&since={At(today.AddDays(-400))}&until={At(today.AddDays(1))}"),
            ("400 days per week, business hours", $"by=week&hours=business&since={At(today.AddDays(-400))}&until={At(today.AddDays(1))}"),
            ("30 days per day, business hours", $"by=day&hours=business&since={At(today.AddDays(-30))}&until={At(today.AddDays(1))}"),
        ];
        Console.WriteLine();
        Console.WriteLine($"| GET /api/v1/stats ({count:N0} calls) | offered | rows | first ms | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, query) in requests)
        {
            var times = new List<double>();
            var (offered, rows, first) = (0L, 0, 0.0);
            for (var i = 0; i < Runs + 2; i++) // the first sums up what the start-up job has not (the calls came after it)
            {
                var watch = Stopwatch.StartNew();
                using var response = await service.Http.GetAsync("/api/v1/stats?" + query).ContinueWith(
                    asked => asked.IsCompletedSuccessfully ? asked.Result : throw new InvalidOperationException(service.Gone() ?? asked.Exception!.Message, asked.Exception));
                var body = await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                if (i == 0)
                {
                    first = watch.Elapsed.TotalMilliseconds;
                }
                if (i >= 2)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                using var json = System.Text.Json.JsonDocument.Parse(body);
                var total = json.RootElement.GetProperty("total");
                offered = total.GetProperty("offered").GetInt64();
                rows = json.RootElement.GetProperty("rows").GetArrayLength();
            }
            var (p50, p95, _, _) = ServiceUnderTest.Summary(times);
            Console.WriteLine($"| {name} | {offered:N0} | {rows} | {first:F1} | {p50:F1} | {p95:F1} | {times.Max():F1} |");
        }
        return 0;
    }
}
