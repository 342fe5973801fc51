using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Callbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "answered_on_another_leg",
                table: "calls",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "journey_id",
                table: "calls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "original_call_id",
                table: "calls",
                type: "TEXT",
                maxLength: 250,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "callbacks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    first_at = table.Column<string>(type: "TEXT", nullable: false),
                    last_at = table.Column<string>(type: "TEXT", nullable: false),
                    queues = table.Column<string>(type: "TEXT", nullable: false),
                    longest_wait_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    claimed_by_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    resolved_by_call_id = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_at = table.Column<string>(type: "TEXT", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callbacks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "callback_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    callback_id = table.Column<long>(type: "INTEGER", nullable: false),
                    call_row_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callback_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_callback_calls_callback_callback_id",
                        column: x => x.callback_id,
                        principalTable: "callbacks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_callback_calls_calls_call_row_id",
                        column: x => x.call_row_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "callback_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    callback_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callback_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_callback_notes_callbacks_callback_id",
                        column: x => x.callback_id,
                        principalTable: "callbacks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calls_journey_id",
                table: "calls",
                column: "journey_id");

            migrationBuilder.CreateIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls",
                columns: new[] { "source", "original_call_id" });

            migrationBuilder.CreateIndex(
                name: "ix_callback_calls_call_row_id",
                table: "callback_calls",
                column: "call_row_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_callback_calls_callback_id",
                table: "callback_calls",
                column: "callback_id");

            migrationBuilder.CreateIndex(
                name: "ix_callback_notes_callback_id",
                table: "callback_notes",
                column: "callback_id");

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_number",
                table: "callbacks",
                column: "number",
                unique: true,
                filter: "state = 'open'");

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_state_first_at",
                table: "callbacks",
                columns: new[] { "state", "first_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "callback_calls");

            migrationBuilder.DropTable(
                name: "callback_notes");

            migrationBuilder.DropTable(
                name: "callbacks");

            migrationBuilder.DropIndex(
                name: "ix_calls_journey_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "answered_on_another_leg",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "journey_id",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "original_call_id",
                table: "calls");
        }
    }
}
