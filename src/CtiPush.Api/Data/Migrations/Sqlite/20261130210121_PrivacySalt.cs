using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrivacySalt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "privacy_salt");
        }
    }
}
