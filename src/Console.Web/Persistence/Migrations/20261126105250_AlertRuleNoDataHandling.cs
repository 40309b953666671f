using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Console.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AlertRuleNoDataHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "no_data",
                table: "alert_rules",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Rules saved before the setting keep what they did: a window without data leaves the state as it is.
                defaultValue: "KeepLastState");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "no_data",
                table: "alert_rules");
        }
    }
}
