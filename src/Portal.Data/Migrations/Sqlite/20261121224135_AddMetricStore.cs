using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMetricStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The time-series store is read and written with plain SQL (see TimeSeries/README.md), not through EF.
            migrationBuilder.Sql("""
                CREATE TABLE metric_layouts (id INTEGER PRIMARY KEY, vm_id INTEGER NOT NULL, series TEXT NOT NULL);
                CREATE INDEX ix_metric_layouts_vm_id ON metric_layouts (vm_id);
                CREATE TABLE metrics_raw (vm_id INTEGER NOT NULL, time INTEGER NOT NULL, layout_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (vm_id, time)) WITHOUT ROWID;
                CREATE TABLE metrics_hourly (vm_id INTEGER NOT NULL, time INTEGER NOT NULL, layout_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (vm_id, time)) WITHOUT ROWID;
                CREATE TABLE metrics_daily (vm_id INTEGER NOT NULL, time INTEGER NOT NULL, layout_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (vm_id, time)) WITHOUT ROWID;
                CREATE TABLE rollup_cursors (tier INTEGER NOT NULL PRIMARY KEY, through INTEGER NOT NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE rollup_cursors; DROP TABLE metrics_daily; DROP TABLE metrics_hourly; DROP TABLE metrics_raw; DROP TABLE metric_layouts;");
        }
    }
}
