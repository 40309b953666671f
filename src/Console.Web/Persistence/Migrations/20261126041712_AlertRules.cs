using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Console.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AlertRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false, collation: "NOCASE"),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    index_pattern = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    ratio_base_query = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    group_field = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    comparison = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    threshold = table.Column<double>(type: "REAL", nullable: false),
                    window_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    pending_for_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    evaluate_every_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    snoozed_until_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alert_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    rule_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    group_value = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    from_state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    to_state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: true),
                    threshold = table.Column<double>(type: "REAL", nullable: false),
                    suppressed = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_history", x => x.id);
                    table.ForeignKey(
                        name: "FK_alert_history_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_states",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    rule_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    group_key = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    since_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    last_value = table.Column<double>(type: "REAL", nullable: true),
                    last_evaluated_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_states", x => x.id);
                    table.ForeignKey(
                        name: "FK_alert_states_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "maintenance_windows",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    starts_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    rule_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_maintenance_windows", x => x.id);
                    table.ForeignKey(
                        name: "FK_maintenance_windows_alert_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "alert_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alert_history_rule_id_at_ms",
                table: "alert_history",
                columns: new[] { "rule_id", "at_ms" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_rules_name",
                table: "alert_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_states_rule_id_group_key",
                table: "alert_states",
                columns: new[] { "rule_id", "group_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_maintenance_windows_rule_id",
                table: "maintenance_windows",
                column: "rule_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_history");

            migrationBuilder.DropTable(
                name: "alert_states");

            migrationBuilder.DropTable(
                name: "maintenance_windows");

            migrationBuilder.DropTable(
                name: "alert_rules");
        }
    }
}
