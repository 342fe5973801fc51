using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DaySummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "statistics_days",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    local_day = table.Column<int>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<string>(type: "TEXT", nullable: false),
                    ends_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistics_days", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "statistics_day_rows",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day_summary_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    queue = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    agent = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    inside = table.Column<bool>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    calls = table.Column<long>(type: "INTEGER", nullable: false),
                    inbound_talking_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    talking_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    waits = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistics_day_rows", x => x.id);
                    table.ForeignKey(
                        name: "fk_statistics_day_rows_statistics_days_day_summary_id",
                        column: x => x.day_summary_id,
                        principalTable: "statistics_days",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_statistics_day_rows_day_summary_id_unit",
                table: "statistics_day_rows",
                columns: new[] { "day_summary_id", "unit" });

            migrationBuilder.CreateIndex(
                name: "ix_statistics_days_fingerprint_local_day",
                table: "statistics_days",
                columns: new[] { "fingerprint", "local_day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_statistics_days_starts_at",
                table: "statistics_days",
                column: "starts_at");

            // Keeps the statistics' day summaries true (Statistics/DaySummaries): a change to a call that started over
            // 25 hours ago removes its day's summary (SQLite's single writer orders it with one being made).
            migrationBuilder.Sql("""
                CREATE TRIGGER calls_statistics_insert AFTER INSERT ON calls FOR EACH ROW WHEN NEW.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours')
                BEGIN DELETE FROM statistics_day_rows WHERE day_summary_id IN (SELECT id FROM statistics_days WHERE starts_at <= NEW.started_at AND ends_at > NEW.started_at); DELETE FROM statistics_days WHERE starts_at <= NEW.started_at AND ends_at > NEW.started_at; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER calls_statistics_update AFTER UPDATE OF started_at, state, direction, queue, answered_by, answered_at, waiting_seconds, talking_seconds, decision_action, normalized_cause, journey_id, answered_on_another_leg ON calls FOR EACH ROW
                WHEN OLD.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours') OR NEW.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours')
                BEGIN DELETE FROM statistics_day_rows WHERE day_summary_id IN (SELECT id FROM statistics_days WHERE starts_at <= OLD.started_at AND ends_at > OLD.started_at); DELETE FROM statistics_days WHERE starts_at <= OLD.started_at AND ends_at > OLD.started_at; DELETE FROM statistics_day_rows WHERE day_summary_id IN (SELECT id FROM statistics_days WHERE starts_at <= NEW.started_at AND ends_at > NEW.started_at); DELETE FROM statistics_days WHERE starts_at <= NEW.started_at AND ends_at > NEW.started_at; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER calls_statistics_delete AFTER DELETE ON calls FOR EACH ROW WHEN OLD.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours')
                BEGIN DELETE FROM statistics_day_rows WHERE day_summary_id IN (SELECT id FROM statistics_days WHERE starts_at <= OLD.started_at AND ends_at > OLD.started_at); DELETE FROM statistics_days WHERE starts_at <= OLD.started_at AND ends_at > OLD.started_at; END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER calls_statistics_insert;");
            migrationBuilder.Sql("DROP TRIGGER calls_statistics_update;");
            migrationBuilder.Sql("DROP TRIGGER calls_statistics_delete;");

            migrationBuilder.DropTable(
                name: "statistics_day_rows");

            migrationBuilder.DropTable(
                name: "statistics_days");
        }
    }
}
