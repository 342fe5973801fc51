using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CtiPush.Benchmarks;

/// <summary>
/// Does the phonebook slow ingest? newCall latency (one PBX, one request at a time, as a PBX waits for each answer)
/// with an empty phonebook, then again after importing 100,000 contacts through the import API and blocking some
/// of them by contact, with every caller in the phonebook. Also times the import and a page of named calls.
/// Run: dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- phonebook [contacts]
/// </summary>
public static class PhonebookIngestBenchmark
{
    private const int Warmup = 1_000;
    private const int Measured = 5_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var contacts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        await using var service = await ServiceUnderTest.StartAsync();
        var pbx = new HttpClient { BaseAddress = service.Http.BaseAddress };

        await NewCalls(pbx, contacts, Warmup, "warm");
        var without = await NewCalls(pbx, contacts, Measured, "empty");
        var listWithout = await ListCalls(service.Http);

        var csv = new StringBuilder("name,organisation,number,label\n");
        for (var i = 0; i < contacts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Contact {i},Company {i % 1000},+{Number(i)},{(i % 2 == 0 ? "phone" : "mobile")}\n");
        }
        var importing = Stopwatch.StartNew();
        using (var response = await service.Http.PostAsync("/api/v1/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains($"\"imported\":{contacts},", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            }
        }
        var imported = importing.Elapsed;
        for (var id = 1; id <= 100; id++)
        {
            using var blocked = await service.Http.PostAsync("/api/v1/rules/blocked",
                new StringContent($$"""{"contactId":{{id * 7}}}""", Encoding.UTF8, "application/json"));
            blocked.EnsureSuccessStatusCode();
        }

        await NewCalls(pbx, contacts, Warmup, "warm2");
        var with = await NewCalls(pbx, contacts, Measured, "full");
        var listWith = await ListCalls(service.Http);

        Console.WriteLine();
        Console.WriteLine($"imported {contacts:N0} contacts in {imported.TotalSeconds:F1} s ({contacts / imported.TotalSeconds:N0} rows/s)");
        Console.WriteLine();
        Console.WriteLine($"| {Measured:N0} sequential requests | p50 ms | p95 ms | p99 ms | mean ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("newCall, empty phonebook", without);
        Row($"newCall, {contacts:N0} contacts, 100 blocked by contact", with);
        Row("calls page (50, named), empty phonebook", listWithout);
        Row($"calls page (50, named), {contacts:N0} contacts", listWith);
        Console.WriteLine();
        Console.WriteLine($"newCall mean with / without contacts: {with.Average() / without.Average():F3} (target ≤ 1.10)");
        return 0;
    }

    private static string Number(int i) => (4930_2000_0000L + i).ToString(CultureInfo.InvariantCulture);

    private static void Row(string name, List<double> times)
    {
        var (p50, p95, p99, mean) = ServiceUnderTest.Summary(times);
        Console.WriteLine($"| {name} | {p50:F2} | {p95:F2} | {p99:F2} | {mean:F2} |");
    }

    /// <summary>Inbound calls from numbers the phonebook has (once it is imported); none of them blocked.</summary>
    private static async Task<List<double>> NewCalls(HttpClient pbx, int contacts, int count, string run)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var from = Number((i * 7 + 1) % contacts);
            var body = new StringContent($"event=newCall&callId={run}-{i}&direction=in&from={from}&to=4930555000&user[]=agent-{i % 40}",
                Encoding.UTF8, "application/x-www-form-urlencoded");
            var watch = Stopwatch.StartNew();
            using var response = await pbx.PostAsync($"/api/v1/cti/{ServiceUnderTest.PbxToken}", body);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return times;
    }

    private static async Task<List<double>> ListCalls(HttpClient admin)
    {
        var times = new List<double>();
        for (var i = 0; i < 205; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await admin.GetAsync("/api/v1/calls?limit=50");
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            if (i >= 5)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return times;
    }
}
