using System.Text.Json;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Callbacks;

/// <summary>
/// The worklist's question whether a batch's numbers have an open callback goes with the push's writes, in their round
/// trip (<c>ICallObserver.LookAhead</c>, or, where the batch commits in that round trip, the worklist's condition of
/// <c>ICallObserver.UnconcernedAsync</c>): the commands PostgreSQL is sent, as the service logs them.
/// </summary>
public sealed class WorklistLookAheadOnPostgres(PostgresServer server)
{
    [Fact]
    public async Task An_answered_call_whose_caller_has_no_open_callback_costs_the_worklist_no_query_of_its_own()
    {
        await using var app = new PostgresApp(server);
        await app.InitializeAsync();
        app.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        var pbx = new Pbx(app.CreateClient());
        var callId = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(callId, "in", "493055500001"));
        var before = Commands(app).Count;

        await Pbx.Ok(pbx.Answer(callId, "Erika"));

        var sent = Commands(app).Skip(before).ToList();
        var together = Assert.Single(sent, command => command.StartsWith("Executed 3 statements together", StringComparison.Ordinal));
        Assert.Contains("FROM callbacks", together, StringComparison.Ordinal); // after the call's UPDATE and its trail's INSERT
        Assert.DoesNotContain(sent, command => command.Contains("callbacks", StringComparison.Ordinal) && command != together);
    }

    [Fact]
    public async Task An_answered_call_whose_caller_has_an_open_callback_reads_it_and_resolves_it()
    {
        await using var app = new PostgresApp(server);
        await app.InitializeAsync();
        var pbx = new Pbx(app.CreateClient());
        var missed = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(missed, "in", "493055500002"));
        await Pbx.Ok(pbx.Hangup(missed, "cancel"));
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var admin = new AdminApi(app.CreateAdminClient());
        Assert.Single(await Open(admin));

        var answered = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(answered, "in", "493055500002"));
        await Pbx.Ok(pbx.Answer(answered, "Erika"));

        Assert.Empty(await Open(admin));
    }

    private static async Task<List<JsonElement>> Open(AdminApi admin) =>
        [.. (await admin.Get("/api/v1/callbacks?state=open")).GetProperty("items").EnumerateArray()];

    /// <summary>What the service sent PostgreSQL, in order: EF Core's commands and the write path's statements sent together.</summary>
    private static List<string> Commands(CtiPushApp app) =>
        [.. app.Logs.Events.Where(e => LogCapture.Value(e, "SourceContext") is "Microsoft.EntityFrameworkCore.Database.Command").Select(e => e.RenderMessage())];
}
