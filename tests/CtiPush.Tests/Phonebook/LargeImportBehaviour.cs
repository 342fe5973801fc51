using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Phonebook;

/// <summary>
/// The largest phonebook file there may be (20 MiB, 200,000 rows) imported into the service as its own process while
/// PBXs post calls. Two guarantees, so these tests assert figures where others only report them: the PBXs' posts are
/// still stored at once (none refused, the 99th percentile under a second — PBXs give up after a few seconds), and the
/// service's resident memory grows by less than 100 MB, during the import and after it.
/// </summary>
public abstract class LargeImportBehaviour(string provider, PostgresServer server)
{
    private const int Rows = 200_000;
    private const int FileBytes = 20 * 1024 * 1024;
    private const long MemoryBound = 100_000_000;
    private static readonly TimeSpan LatencyBound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task During_the_largest_import_pbx_posts_are_stored_at_once_and_memory_stays_bounded()
    {
        var sqliteFile = Path.Combine(Path.GetTempPath(), "ctipush-tests", Guid.NewGuid().ToString("N") + ".db");
        var database = provider == "Postgres" ? await server.CreateDatabaseAsync() : $"Data Source={sqliteFile}";
        try
        {
            await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
            {
                ["Database__Provider"] = provider,
                ["ConnectionStrings__CtiPush"] = database,
            });
            using var admin = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CtiPushApp.AdminKey);
            var output = TestContext.Current.TestOutputHelper;

            // Warm: the import path and the push path have run once, so what follows measures the big file, not start-up.
            await Import(admin, Phonebook("warm", 1_000, rowBytes: 0));
            await Pbx.Ok(new Pbx(service.Client).NewCall(Pbx.NewCallId()));
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            var before = service.WorkingSet;

            var file = Phonebook("big", Rows, rowBytes: (FileBytes - 100) / Rows);
            Assert.InRange(file.Length, FileBytes - 1024 * 1024, FileBytes);
            var load = new PbxLoad(service.Client, workers: 2);
            using var stop = new CancellationTokenSource();
            var posting = load.RunAsync(stop.Token);
            var peak = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, service.WorkingSet);
                    await Task.Delay(50, CancellationToken.None);
                }
            }, CancellationToken.None);

            var started = Stopwatch.GetTimestamp();
            var report = await Import(admin, file);
            var ended = Stopwatch.GetTimestamp();
            await stop.CancelAsync();
            await posting;
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            await sampling.CancelAsync();
            await sampler;
            var after = service.WorkingSet;

            var during = load.Posts.Where(p => p.SentAt >= started && p.SentAt < ended).ToList();
            var took = during.Select(p => p.Took).Order().ToList();
            TimeSpan Percentile(double p) => took[Math.Min(took.Count - 1, (int)Math.Ceiling(p * took.Count) - 1)];
            output?.WriteLine($"{provider}: {file.Length:N0} bytes, {Rows:N0} rows imported in {Stopwatch.GetElapsedTime(started, ended).TotalSeconds:F1} s; " +
                $"{during.Count} posts during it: {load.Summary()}; p50 {Percentile(0.5).TotalMilliseconds:F0} ms, " +
                $"p99 {Percentile(0.99).TotalMilliseconds:F0} ms, max {took[^1].TotalMilliseconds:F0} ms; resident memory before {before / 1e6:F0} MB, " +
                $"peak {peak / 1e6:F0} MB, after {after / 1e6:F0} MB");

            Assert.Equal((Rows, 0), (report.GetProperty("imported").GetInt32(), report.GetProperty("rejected").GetInt32()));
            Assert.True(during.Count >= 20, $"only {during.Count} posts were sent during the import");
            Assert.True(load.Statuses.Keys.All(status => status == 200), load.Summary());
            Assert.True(Percentile(0.99) < LatencyBound, $"p99 {Percentile(0.99).TotalMilliseconds:F0} ms");
            Assert.True(peak - before < MemoryBound, $"resident memory grew from {before / 1e6:F0} MB to {peak / 1e6:F0} MB during the import");
            Assert.True(after - before < MemoryBound, $"resident memory grew from {before / 1e6:F0} MB to {after / 1e6:F0} MB after the import");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>
    /// <paramref name="rows"/> contacts, each with a number of its own and, when <paramref name="rowBytes"/> is
    /// set, a note that makes each row that long.
    /// </summary>
    private static byte[] Phonebook(string tag, int rows, int rowBytes)
    {
        var run = tag + Guid.NewGuid().ToString("N")[..6];
        var csv = new StringBuilder("name,organisation,number,label,note\r\n", rowBytes * rows + 100);
        for (var i = 0; i < rows; i++)
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"Contact {run} {i:D6},Org {i % 1000},+49 30 {i + 10_000_000:D8},phone,");
            csv.Append(row).Append('n', Math.Max(0, rowBytes - row.Length - 2)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<JsonElement> Import(HttpClient admin, byte[] file)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await admin.PostAsync("/api/v1/contacts/import", content, CancellationToken.None);
        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>SQLite has one write lock: the import steps aside for the PBXs' events every quarter second.</summary>
public sealed class LargeImportOnSqlite(PostgresServer server) : LargeImportBehaviour("Sqlite", server);

public sealed class LargeImportOnPostgres(PostgresServer server) : LargeImportBehaviour("Postgres", server);
