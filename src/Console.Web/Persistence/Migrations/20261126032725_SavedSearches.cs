using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Console.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SavedSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saved_searches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    index_pattern = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    to = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    columns = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_searches", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_saved_searches_name",
                table: "saved_searches",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saved_searches");
        }
    }
}
