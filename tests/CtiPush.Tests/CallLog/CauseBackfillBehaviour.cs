using CtiPush.Core;
using CtiPush.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CtiPush.Tests.CallLog;

/// <summary>Calls stored before the normalised cause existed get it from the migration that adds it, on both providers.</summary>
public abstract class CauseBackfillBehaviour(CtiPushApp app)
{
    private const string Migration = "NormalizedHangupCause";

    [Fact]
    public async Task Calls_stored_before_the_normalised_cause_get_it_from_the_migration()
    {
        var pbx = new Pbx(app.CreateClient());
        var causes = new Dictionary<string, HangupCause?> { ["NOANSWER"] = HangupCause.NoAnswer, ["Forwarded"] = HangupCause.Forwarded, ["ANSWER"] = HangupCause.NormalClearing, ["a cause of its own"] = HangupCause.Other };
        var calls = new Dictionary<string, HangupCause?>();
        foreach (var (cause, normalized) in causes)
        {
            var callId = Pbx.NewCallId();
            await Pbx.Ok(pbx.NewCall(callId));
            await Pbx.Ok(pbx.Hangup(callId, Uri.EscapeDataString(cause)));
            calls[callId] = normalized;
        }
        var ringing = Pbx.NewCallId();
        await Pbx.Ok(pbx.NewCall(ringing));
        calls[ringing] = null;

        // Back to the schema before the column, and forward again: the rows are those of an older service.
        await app.InDatabase(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(before);
            await migrator.MigrateAsync();
            return 0;
        });

        foreach (var (callId, normalized) in calls)
        {
            Assert.Equal(normalized, (await app.FindCall(callId))!.NormalizedCause);
        }
    }
}

public sealed class CauseBackfillOnSqlite(SqliteApp app) : CauseBackfillBehaviour(app), IClassFixture<SqliteApp>;

public sealed class CauseBackfillOnPostgres(PostgresApp app) : CauseBackfillBehaviour(app), IClassFixture<PostgresApp>;
