using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "journey_id",
                table: "calls",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "original_call_id",
                table: "calls",
                type: "character varying(250)",
                maxLength: 250,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "callbacks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    first_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    queues = table.Column<List<string>>(type: "text[]", nullable: false),
                    longest_wait_seconds = table.Column<int>(type: "integer", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    claimed_by_person_id = table.Column<long>(type: "bigint", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    resolved_by_call_id = table.Column<long>(type: "bigint", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callbacks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "callback_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    callback_id = table.Column<long>(type: "bigint", nullable: false),
                    call_row_id = table.Column<long>(type: "bigint", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    callback_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    author = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
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
