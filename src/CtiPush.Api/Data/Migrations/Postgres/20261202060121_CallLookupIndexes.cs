using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CallLookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_call_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_journey_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_source_call_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_calls_call_id_source",
                table: "calls",
                columns: new[] { "call_id", "source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_journey_id",
                table: "calls",
                column: "journey_id",
                filter: "journey_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls",
                columns: new[] { "source", "original_call_id" },
                filter: "original_call_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_call_id_source",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_journey_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_calls_call_id",
                table: "calls",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "ix_calls_journey_id",
                table: "calls",
                column: "journey_id");

            migrationBuilder.CreateIndex(
                name: "ix_calls_source_call_id",
                table: "calls",
                columns: new[] { "source", "call_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_source_original_call_id",
                table: "calls",
                columns: new[] { "source", "original_call_id" });
        }
    }
}
