using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCallLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    call_id = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    from = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    queue = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    users = table.Column<string>(type: "TEXT", nullable: false),
                    answered_by = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    answering_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    cause = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    started_at = table.Column<string>(type: "TEXT", nullable: false),
                    new_call_at = table.Column<string>(type: "TEXT", nullable: true),
                    answered_at = table.Column<string>(type: "TEXT", nullable: true),
                    ended_at = table.Column<string>(type: "TEXT", nullable: true),
                    waiting_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    talking_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    done = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    decision_action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    decision_caller_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    decision_reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    decision_rule = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    call_row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    received_at = table.Column<string>(type: "TEXT", nullable: false),
                    fields = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_call_events_calls_call_row_id",
                        column: x => x.call_row_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_events_call_row_id_id",
                table: "call_events",
                columns: new[] { "call_row_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_done_started_at",
                table: "calls",
                columns: new[] { "done", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_from",
                table: "calls",
                column: "from");

            migrationBuilder.CreateIndex(
                name: "ix_calls_source_call_id",
                table: "calls",
                columns: new[] { "source", "call_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_started_at",
                table: "calls",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_calls_to",
                table: "calls",
                column: "to");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_events");

            migrationBuilder.DropTable(
                name: "calls");
        }
    }
}
