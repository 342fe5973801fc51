using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Privacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_callbacks_number",
                table: "callbacks");

            migrationBuilder.CreateTable(
                name: "privacy_salt",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    @protected = table.Column<string>(name: "protected", type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_privacy_salt", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_number",
                table: "callbacks",
                column: "number",
                unique: true,
                filter: "state = 'open' AND number <> 'erased'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "privacy_salt");

            migrationBuilder.DropIndex(
                name: "ix_callbacks_number",
                table: "callbacks");

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_number",
                table: "callbacks",
                column: "number",
                unique: true,
                filter: "state = 'open'");
        }
    }
}
