using CtiPush.Core;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NormalizedHangupCause : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "normalized_cause",
                table: "calls",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            // Calls stored before the column existed get their cause read through the same table as new ones.
            migrationBuilder.Sql($"UPDATE calls SET normalized_cause = {HangupCauses.SqlCase("cause")} WHERE cause IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "normalized_cause",
                table: "calls");
        }
    }
}
