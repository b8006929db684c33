using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VmEventCause : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AuditEntryId",
                table: "VmEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_VmEvents_AuditEntryId",
                table: "VmEvents",
                column: "AuditEntryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_VmEvents_AuditEntryId",
                table: "VmEvents");

            migrationBuilder.DropColumn(
                name: "AuditEntryId",
                table: "VmEvents");
        }
    }
}
