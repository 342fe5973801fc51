using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    local_day = table.Column<int>(type: "integer", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistics_days", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "statistics_day_rows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    day_summary_id = table.Column<long>(type: "bigint", nullable: false),
                    unit = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    queue = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    agent = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    inside = table.Column<bool>(type: "boolean", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    calls = table.Column<long>(type: "bigint", nullable: false),
                    inbound_talking_seconds = table.Column<long>(type: "bigint", nullable: false),
                    talking_seconds = table.Column<long>(type: "bigint", nullable: false),
                    waits = table.Column<string>(type: "text", nullable: true)
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
            // 25 hours ago removes its day's summary, waiting for one being made (the advisory lock it holds alone).
            migrationBuilder.Sql("""
                CREATE FUNCTION statistics_day_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM pg_advisory_xact_lock_shared(18951497346990420);
                  IF TG_OP <> 'INSERT' THEN
                    DELETE FROM statistics_days WHERE starts_at <= OLD.started_at AND ends_at > OLD.started_at;
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    DELETE FROM statistics_days WHERE starts_at <= NEW.started_at AND ends_at > NEW.started_at;
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER calls_statistics_insert AFTER INSERT ON calls FOR EACH ROW
                  WHEN (NEW.started_at < now() - interval '25 hours') EXECUTE FUNCTION statistics_day_changed();
                CREATE TRIGGER calls_statistics_update AFTER UPDATE OF started_at, state, direction, queue, answered_by, answered_at, waiting_seconds, talking_seconds, decision_action, normalized_cause, journey_id, answered_on_another_leg ON calls FOR EACH ROW
                  WHEN (OLD.started_at < now() - interval '25 hours' OR NEW.started_at < now() - interval '25 hours') EXECUTE FUNCTION statistics_day_changed();
                CREATE TRIGGER calls_statistics_delete AFTER DELETE ON calls FOR EACH ROW
                  WHEN (OLD.started_at < now() - interval '25 hours') EXECUTE FUNCTION statistics_day_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER calls_statistics_insert ON calls;
                DROP TRIGGER calls_statistics_update ON calls;
                DROP TRIGGER calls_statistics_delete ON calls;
                DROP FUNCTION statistics_day_changed();
                """);

            migrationBuilder.DropTable(
                name: "statistics_day_rows");

            migrationBuilder.DropTable(
                name: "statistics_days");
        }
    }
}
