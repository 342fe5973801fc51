using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Phonebook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "contact_id",
                table: "blocked_numbers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_numbers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    normalized = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_numbers", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_numbers_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blocked_numbers_contact_id",
                table: "blocked_numbers",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_numbers_contact_id_normalized",
                table: "contact_numbers",
                columns: new[] { "contact_id", "normalized" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_numbers_normalized",
                table: "contact_numbers",
                column: "normalized");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_name",
                table: "contacts",
                column: "name");

            migrationBuilder.AddForeignKey(
                name: "fk_blocked_numbers_contacts_contact_id",
                table: "blocked_numbers",
                column: "contact_id",
                principalTable: "contacts",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_blocked_numbers_contacts_contact_id",
                table: "blocked_numbers");

            migrationBuilder.DropTable(
                name: "contact_numbers");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_blocked_numbers_contact_id",
                table: "blocked_numbers");

            migrationBuilder.DropColumn(
                name: "contact_id",
                table: "blocked_numbers");
        }
    }
}
