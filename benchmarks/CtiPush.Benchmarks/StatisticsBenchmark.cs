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

        var loading = Stopwatch.StartNew();
        await CallLogQueryBenchmark.LoadCalls(service.Database, count, days: 400);
        Console.WriteLine($"loaded {count:N0} calls over 400 days in {loading.Elapsed.TotalSeconds:F1} s");

        (string Name, string Query)[] requests =
        [
            ("30 days per day", "by=day&since=2027-01-06T00:00:00%2B01:00&until=2027-02-05T00:00:00%2B01:00"),
            ("a month per agent", "by=agent&since=2027-01-01T00:00:00%2B01:00&until=2027-02-01T00:00:00%2B01:00"),
            ("400 days per week", "by=week&since=2026-01-01T00:00:00%2B01:00&until=2027-02-05T00:00:00%2B01:00"),
            ("400 days per week, business hours", "by=week&hours=business&since=2026-01-01T00:00:00%2B01:00&until=2027-02-05T00:00:00%2B01:00"),
            ("30 days per day, business hours", "by=day&hours=business&since=2027-01-06T00:00:00%2B01:00&until=2027-02-05T00:00:00%2B01:00"),
        ];
        Console.WriteLine();
        Console.WriteLine($"| GET /api/v1/stats ({count:N0} calls) | offered | rows | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, query) in requests)
        {
            var times = new List<double>();
            var (offered, rows) = (0L, 0);
            for (var i = 0; i < Runs + 2; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await service.Http.GetAsync("/api/v1/stats?" + query).ContinueWith(
                    asked => asked.IsCompletedSuccessfully ? asked.Result : throw new InvalidOperationException(service.Gone() ?? asked.Exception!.Message, asked.Exception));
                var body = await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
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
            Console.WriteLine($"| {name} | {offered:N0} | {rows} | {p50:F1} | {p95:F1} | {times.Max():F1} |");
        }
        return 0;
    }
}
