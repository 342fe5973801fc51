using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScreenPop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "screen_pop_settings",
                columns: table => new
                {
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    all_calls = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screen_pop_settings", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_screen_pop_settings_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "screen_pop_settings");
        }
    }
}
