using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Console.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Dashboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dashboards",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false, collation: "NOCASE"),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    to = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    refresh_seconds = table.Column<int>(type: "INTEGER", nullable: false),
                    built_in_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    panels = table.Column<string>(type: "TEXT", nullable: false),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dashboards", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dashboards_built_in_key",
                table: "dashboards",
                column: "built_in_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dashboards_title",
                table: "dashboards",
                column: "title");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dashboards");
        }
    }
}
