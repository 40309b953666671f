using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Console.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AlertMetricRulesAndNotificationLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "aggregation",
                table: "alert_rules",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Rules saved before metric rules existed read as the default aggregation.
                defaultValue: "Avg");

            migrationBuilder.AddColumn<string>(
                name: "metric_field",
                table: "alert_rules",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "console_notifications",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    rule_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    received_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    read = table.Column<bool>(type: "INTEGER", nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_console_notifications", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "notification_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notification_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    rule_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    channel_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    channel_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    duration_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    suppression = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_deliveries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_console_notifications_id",
                table: "console_notifications",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_console_notifications_read",
                table: "console_notifications",
                column: "read");

            migrationBuilder.CreateIndex(
                name: "IX_console_notifications_received_ms",
                table: "console_notifications",
                column: "received_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_at_ms",
                table: "notification_deliveries",
                column: "at_ms");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_notification_id",
                table: "notification_deliveries",
                column: "notification_id");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_rule_id",
                table: "notification_deliveries",
                column: "rule_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "console_notifications");

            migrationBuilder.DropTable(
                name: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "aggregation",
                table: "alert_rules");

            migrationBuilder.DropColumn(
                name: "metric_field",
                table: "alert_rules");
        }
    }
}
