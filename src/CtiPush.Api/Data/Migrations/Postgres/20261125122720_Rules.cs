using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_from",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_to",
                table: "calls");

            migrationBuilder.AddColumn<string>(
                name: "from_number",
                table: "calls",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "to_number",
                table: "calls",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "blocked_numbers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    pattern = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocked_numbers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "caller_id_routes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    destination = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    pattern = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    caller_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_caller_id_routes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rule_set",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    default_caller_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_set", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "rule_set",
                columns: new[] { "id", "default_caller_id", "version" },
                values: new object[] { 1, null, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_calls_from_number",
                table: "calls",
                column: "from_number");

            migrationBuilder.CreateIndex(
                name: "ix_calls_to_number",
                table: "calls",
                column: "to_number");

            migrationBuilder.CreateIndex(
                name: "ix_blocked_numbers_pattern",
                table: "blocked_numbers",
                column: "pattern");

            migrationBuilder.CreateIndex(
                name: "ix_caller_id_routes_position_id",
                table: "caller_id_routes",
                columns: new[] { "position", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blocked_numbers");

            migrationBuilder.DropTable(
                name: "caller_id_routes");

            migrationBuilder.DropTable(
                name: "rule_set");

            migrationBuilder.DropIndex(
                name: "ix_calls_from_number",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_to_number",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "from_number",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "to_number",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_calls_from",
                table: "calls",
                column: "from");

            migrationBuilder.CreateIndex(
                name: "ix_calls_to",
                table: "calls",
                column: "to");
        }
    }
}
