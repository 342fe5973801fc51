using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    call_id = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    state = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    direction = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    from = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    to = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    queue = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    users = table.Column<List<string>>(type: "text[]", nullable: false),
                    answered_by = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    answering_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cause = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    new_call_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    waiting_seconds = table.Column<int>(type: "integer", nullable: true),
                    talking_seconds = table.Column<int>(type: "integer", nullable: true),
                    done = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    decision_action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    decision_caller_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    decision_rule = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    call_row_id = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fields = table.Column<string>(type: "text", nullable: false)
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
