using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildForum.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FilesText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Held",
                table: "DocumentVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReleasedAt",
                table: "DocumentVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReleasedById",
                table: "DocumentVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentVersionTexts",
                columns: table => new
                {
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Truncated = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentVersionTexts", x => x.VersionId);
                    table.ForeignKey(
                        name: "FK_DocumentVersionTexts_DocumentVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DocumentVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentVersions_ReleasedById",
                table: "DocumentVersions",
                column: "ReleasedById");

            migrationBuilder.AddForeignKey(
                name: "FK_DocumentVersions_AspNetUsers_ReleasedById",
                table: "DocumentVersions",
                column: "ReleasedById",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_DocumentVersions_AspNetUsers_ReleasedById",
                table: "DocumentVersions");

            migrationBuilder.DropTable(
                name: "DocumentVersionTexts");

            migrationBuilder.DropIndex(
                name: "IX_DocumentVersions_ReleasedById",
                table: "DocumentVersions");

            migrationBuilder.DropColumn(
                name: "Held",
                table: "DocumentVersions");

            migrationBuilder.DropColumn(
                name: "ReleasedAt",
                table: "DocumentVersions");

            migrationBuilder.DropColumn(
                name: "ReleasedById",
                table: "DocumentVersions");
        }
    }
}
