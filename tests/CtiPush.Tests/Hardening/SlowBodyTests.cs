using CtiPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CtiPush.Tests.Hardening;

/// <summary>
/// A PBX on a dying line: its body trickles in slower than Kestrel's minimum data rate, or stops as the connection
/// drops. Neither is the service's fault: a clean 408 or nothing, counted as such, and no error in the log.
/// </summary>
public sealed class SlowBodyTests
{
    private const string Token = "slow-line-pbx-token-0123456789";

    /// <summary>On a real socket, with a minimum body rate that a trickle fails within seconds; a PBX of its own for the metrics.</summary>
    private static SqliteApp OnSocket(string pbx)
    {
        var app = new SqliteApp();
        app.Settings[$"Cti:Tokens:{pbx}"] = Token;
        app.TestServices.Add(services => services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2))));
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    [Fact]
    public async Task A_body_that_trickles_in_too_slowly_gets_a_clean_408_counted_as_408_and_logged_without_error()
    {
        await using var app = OnSocket("trickle");
        var server = app.ClientOptions.BaseAddress;

        var answer = await RawHttp.Trickle(server, $"/api/v1/cti/{Token}", Pbx.NewCallBody(Pbx.NewCallId()), every: TimeSpan.FromMilliseconds(250));

        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":408", answer);
        Assert.Contains("\"error\":\"", answer); // the protocol's plain string, as on every refusal of the push route
        await Eventually.Until(() => app.Logs.Requests.Any(e => Equals(LogCapture.Value(e, "StatusCode"), 408)), "the request line of the 408");
        Assert.Empty(app.Logs.Errors);
        await ExpectCounted(app, "trickle", "408");
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_body_is_counted_as_499_and_logged_without_error()
    {
        await using var app = OnSocket("dropped");
        var server = app.ClientOptions.BaseAddress;

        await RawHttp.AbortMidBody(server, $"/api/v1/cti/{Token}", "event=newCall&callId=");

        await Eventually.Until(() => Task.FromResult(app.Logs.Requests.Any(e => Equals(LogCapture.Value(e, "StatusCode"), 499))),
            "the request line of the abort (499)", detail: () => string.Join("\n", app.Logs.Lines.TakeLast(20)));
        Assert.Empty(app.Logs.Errors);
        await ExpectCounted(app, "dropped", "499");
    }

    private static async Task ExpectCounted(CtiPushApp app, string pbx, string outcome)
    {
        var expected = $$"""ctipush_events_total{otel_scope_name="CtiPush",outcome="{{outcome}}",source="{{pbx}}",type="unknown"} 1""";
        var metrics = "";
        await Eventually.Until(async () => (metrics = await app.CreateClient().GetStringAsync("/metrics")).Contains(expected, StringComparison.Ordinal),
            $"{expected} in a scrape", every: TimeSpan.FromMilliseconds(200),
            detail: () => string.Join('\n', metrics.Split('\n').Where(line => line.StartsWith("ctipush_events_total", StringComparison.Ordinal))));
    }
}
