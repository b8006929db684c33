using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_Outcome_TimeUtc",
                table: "AuditEntries",
                columns: new[] { "Action", "Outcome", "TimeUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Outcome_TimeUtc",
                table: "AuditEntries",
                columns: new[] { "Outcome", "TimeUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Action_Outcome_TimeUtc",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Outcome_TimeUtc",
                table: "AuditEntries");
        }
    }
}
