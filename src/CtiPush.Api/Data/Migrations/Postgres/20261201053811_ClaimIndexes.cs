using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClaimIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_next_attempt_at",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notifications_subscription_id_order_key_id",
                table: "notifications");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_next_attempt_at_id",
                table: "notifications",
                columns: new[] { "next_attempt_at", "id" },
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_subscription_id_order_key_id",
                table: "notifications",
                columns: new[] { "subscription_id", "order_key", "id" },
                filter: "state = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_next_attempt_at_id",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notifications_subscription_id_order_key_id",
                table: "notifications");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_next_attempt_at",
                table: "notifications",
                column: "next_attempt_at",
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_subscription_id_order_key_id",
                table: "notifications",
                columns: new[] { "subscription_id", "order_key", "id" });
        }
    }
}
