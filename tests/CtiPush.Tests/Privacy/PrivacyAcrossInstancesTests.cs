using System.Globalization;
using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Privacy;

/// <summary>An erasure through one instance, seen by another on the same PostgreSQL database: nothing comes back from memory.</summary>
public sealed class PrivacyAcrossInstancesTests(PostgresApp first) : IClassFixture<PostgresApp>, IAsyncLifetime
{
    private CtiPushApp second = null!;

    public ValueTask InitializeAsync()
    {
        second = first.CreateTwin();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await second.DisposeAsync();

    [Fact]
    public async Task An_erasure_through_one_instance_reaches_the_others_live_pages_rules_and_salt()
    {
        var local = "5" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var (adminOne, adminTwo) = (new AdminApi(first.CreateAdminClient()), new AdminApi(second.CreateAdminClient()));
        var pbxTwo = new Pbx(second.CreateClient());
        var missed = Pbx.NewCallId();
        await Pbx.Ok(pbxTwo.NewCall(missed, "in", "030 " + local, "4930111"));
        await Pbx.Ok(pbxTwo.Hangup(missed, "cancel"));
        var contact = (await adminOne.Post("/api/v1/contacts", new { name = "Blocked Caller", numbers = new[] { new { number = "+49 30 " + local } } })).Id();
        await adminOne.Post("/api/v1/rules/blocked", new { contactId = contact });
        await Eventually.Until(async () => (await Pbx.Ok(pbxTwo.NewCall(Pbx.NewCallId(), "in", "4930" + local, "4930111"))).Contains("reject"),
            "the other instance to block the contact's number");

        // A page on the other instance follows the log live.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await second.CreateAdminClient().GetAsync("/api/v1/calls/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        var erased = await adminOne.Post("/api/v1/privacy/erase", new { number = "0049 30 " + local, reason = "request" }, 200);

        var shown = await NextCallEvent(reader, missed, timeout.Token);
        Assert.Equal(("erased", "erased"), (shown.GetProperty("from").GetString(), shown.GetProperty("fromNumber").GetString()));
        // The contact and its block entry are gone; the other instance's rules in memory follow within a second or so.
        await Eventually.Until(async () => await Pbx.Ok(pbxTwo.NewCall(Pbx.NewCallId(), "in", "4930" + local, "4930111")) == "{}",
            "the other instance to stop blocking the erased number");
        // One salt for every instance: the same number gets the same reference there.
        var again = await adminTwo.Post("/api/v1/privacy/erase", new { number = "+49 30 " + local, reason = "asked twice" }, 200);
        Assert.Equal(erased.GetProperty("reference").GetString(), again.GetProperty("reference").GetString());
        Assert.True(again.GetProperty("repeated").GetBoolean());
    }

    private static async Task<JsonElement> NextCallEvent(StreamReader reader, string callId, CancellationToken cancellationToken)
    {
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                var call = JsonDocument.Parse(data).RootElement.Clone();
                if (call.TryGetProperty("callId", out var id) && id.GetString() == callId)
                {
                    return call;
                }
                data = null;
            }
        }
        throw new InvalidOperationException("The stream ended");
    }
}
