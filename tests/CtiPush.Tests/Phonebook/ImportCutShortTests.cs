using System.Text;
using System.Text.Json;
using CtiPush.Data;
using CtiPush.People;
using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Phonebook;

/// <summary>
/// An import stored in batches that the database stops in its third batch: the batches before stay stored, the
/// answer says up to which row, and sending the same file again imports the rest.
/// </summary>
public sealed class ImportCutShortTests(ImportCutShortTests.FlakyDatabaseApp app) : IClassFixture<ImportCutShortTests.FlakyDatabaseApp>
{
    private readonly AdminApi admin = new(app.CreateAdminClient());

    [Fact]
    public async Task An_import_the_database_stops_keeps_the_batches_stored_says_up_to_which_row_and_sending_it_again_finishes_it()
    {
        var tag = "cut" + Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("name,number\n");
        for (var i = 1; i <= 2_500; i++)
        {
            csv.Append($"Contact {tag} {i},+49 30 {4_200_000 + i}\n");
        }
        using var client = app.CreateAdminClient();

        using (var response = await client.PostAsync("/api/v1/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
        {
            var problem = Problems.Check(response, await response.Content.ReadAsStringAsync(), 503);
            Assert.Equal("Import cut short", problem.GetProperty("title").GetString());
            Assert.Equal(2_000, problem.GetProperty("storedThroughRow").GetInt32());
            Assert.Contains("rows 1 to 2000 are stored", problem.Detail());
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        }
        Assert.Equal(2_000, await Stored(tag));
        var audit = (await admin.Get("/api/v1/audit?limit=10")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "contact.import").Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.Equal(["rows 1001–2000 of 2500", "rows 1–1000 of 2500"], audit); // a batch is a change of its own

        using var again = await client.PostAsync("/api/v1/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        var body = await again.Content.ReadAsStringAsync();
        Assert.True(again.IsSuccessStatusCode, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal((500, 2_000, 0), (report.GetProperty("imported").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetInt32()));
        Assert.Equal(2_500, await Stored(tag));
    }

    private async Task<int> Stored(string tag) => (await admin.Get($"/api/v1/contacts?q={tag}&limit=1")).GetProperty("total").GetInt32();

    /// <summary>SQLite whose database stops answering once, while the third batch of an import (rows 2001 on) is committed.</summary>
    public sealed class FlakyDatabaseApp : SqliteApp
    {
        private int armed = 1;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<SqliteCtiPushDbContext>(db => db.AddInterceptors(new FailOnce(this))));
        }

        private sealed class FailOnce(FlakyDatabaseApp app) : SaveChangesInterceptor
        {
            public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                if (eventData.Context!.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added && e.Entity.Target?.StartsWith("rows 2001–", StringComparison.Ordinal) == true)
                    && Interlocked.Exchange(ref app.armed, 0) == 1)
                {
                    throw new TimeoutException("The database did not answer (the test's stand-in for an outage).");
                }
                return base.SavingChangesAsync(eventData, result, cancellationToken);
            }
        }
    }
}
