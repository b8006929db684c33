using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddNextStartMemory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NextStartMaxMemoryKiB",
                table: "Vms",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextStartMemoryKiB",
                table: "Vms",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NextStartMaxMemoryKiB",
                table: "Vms");

            migrationBuilder.DropColumn(
                name: "NextStartMemoryKiB",
                table: "Vms");
        }
    }
}
