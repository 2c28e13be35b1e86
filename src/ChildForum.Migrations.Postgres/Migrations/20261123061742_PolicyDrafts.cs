using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChildForum.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PolicyDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PolicyDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GroupId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyDrafts_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PolicyDraftAmendments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Anchor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OriginalText = table.Column<string>(type: "text", nullable: false),
                    ProposedText = table.Column<string>(type: "text", nullable: false),
                    Rationale = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    ProposerId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DecidedById = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ResultVersion = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyDraftAmendments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyDraftAmendments_AspNetUsers_ProposerId",
                        column: x => x.ProposerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftAmendments_PolicyDrafts_DraftId",
                        column: x => x.DraftId,
                        principalTable: "PolicyDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyDraftComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Anchor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Html = table.Column<string>(type: "text", nullable: false),
                    ReplyToId = table.Column<int>(type: "integer", nullable: true),
                    AuthorId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyDraftComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyDraftComments_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftComments_PolicyDraftComments_ReplyToId",
                        column: x => x.ReplyToId,
                        principalTable: "PolicyDraftComments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftComments_PolicyDrafts_DraftId",
                        column: x => x.DraftId,
                        principalTable: "PolicyDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyDraftPositions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<int>(type: "integer", nullable: false),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Stance = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Statement = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyDraftPositions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyDraftPositions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftPositions_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftPositions_PolicyDrafts_DraftId",
                        column: x => x.DraftId,
                        principalTable: "PolicyDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicyDraftVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AmendmentId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyDraftVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyDraftVersions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyDraftVersions_PolicyDrafts_DraftId",
                        column: x => x.DraftId,
                        principalTable: "PolicyDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftAmendments_DraftId_Status",
                table: "PolicyDraftAmendments",
                columns: new[] { "DraftId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftAmendments_ProposerId",
                table: "PolicyDraftAmendments",
                column: "ProposerId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftComments_AuthorId",
                table: "PolicyDraftComments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftComments_DraftId_Version",
                table: "PolicyDraftComments",
                columns: new[] { "DraftId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftComments_ReplyToId",
                table: "PolicyDraftComments",
                column: "ReplyToId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftPositions_DraftId_OrganisationId_CreatedAt",
                table: "PolicyDraftPositions",
                columns: new[] { "DraftId", "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftPositions_OrganisationId",
                table: "PolicyDraftPositions",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftPositions_UserId",
                table: "PolicyDraftPositions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDrafts_CreatedById",
                table: "PolicyDrafts",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDrafts_GroupId_UpdatedAt",
                table: "PolicyDrafts",
                columns: new[] { "GroupId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftVersions_AuthorId",
                table: "PolicyDraftVersions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyDraftVersions_DraftId_Number",
                table: "PolicyDraftVersions",
                columns: new[] { "DraftId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyDraftAmendments");

            migrationBuilder.DropTable(
                name: "PolicyDraftComments");

            migrationBuilder.DropTable(
                name: "PolicyDraftPositions");

            migrationBuilder.DropTable(
                name: "PolicyDraftVersions");

            migrationBuilder.DropTable(
                name: "PolicyDrafts");
        }
    }
}
