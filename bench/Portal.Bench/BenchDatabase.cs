using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Bench;

/// <summary>A benchmark database, migrated like the portal's, kept between runs (outside the repository) unless fresh.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Options _options;
    private readonly string _connectionString;

    private BenchDatabase(Options options, string connectionString, bool loaded)
    {
        _options = options;
        _connectionString = connectionString;
        Loaded = loaded;
        Store = new StoreDatabase(options.Provider, connectionString);
    }

    public StoreDatabase Store { get; }
    public bool Loaded { get; }

    public static async Task<BenchDatabase> OpenAsync(Options options, string name, bool fresh = false)
    {
        fresh |= options.Fresh;
        string connectionString;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(options.DataDirectory);
            var file = Path.Combine(options.DataDirectory, name + ".db");
            if (fresh) foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
            connectionString = $"Data Source={file}";
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
                ?? throw new InvalidOperationException("Set PORTAL_TEST_POSTGRES to a PostgreSQL server (scripts/start-postgres.sh prints one).");
            var database = "portal_bench_" + name;
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            if (fresh) await Execute(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await using (var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{database}'", admin))
                if (await exists.ExecuteScalarAsync() is null) await Execute(admin, $"CREATE DATABASE {database}");
            connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }

        await using (var db = NewContext(options.Provider, connectionString)) await db.Database.MigrateAsync();
        var loaded = await ScalarAsync(options.Provider, connectionString, "SELECT COUNT(*) FROM rollup_cursors WHERE tier = 99") > 0;
        return new BenchDatabase(options, connectionString, loaded);
    }

    public Task MarkLoadedAsync() =>
        ScalarAsync(_options.Provider, _connectionString, "INSERT INTO rollup_cursors (tier, through) VALUES (99, 0)");

    /// <summary>
    /// Bytes on disk of a table with its indexes. SQLite's page statistics (dbstat) are not compiled into the
    /// bundled library, so Debian's sqlite3 shell (apt-get install sqlite3) reads them from the file.
    /// </summary>
    public async Task<long?> TableBytesAsync(string table)
    {
        if (_options.Provider == DatabaseProvider.Postgres)
        {
            // Retention's deletes leave dead rows until autovacuum reuses their space: measure the live data.
            await ScalarAsync(_options.Provider, _connectionString, $"VACUUM FULL {table}");
            return await ScalarAsync(_options.Provider, _connectionString, $"SELECT pg_total_relation_size('{table}')");
        }
        var file = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        var start = new System.Diagnostics.ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(file);
        start.ArgumentList.Add($"SELECT SUM(pgsize) FROM dbstat WHERE name = '{table}' OR name IN (SELECT name FROM sqlite_master WHERE tbl_name = '{table}' AND type = 'index')");
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 && long.TryParse(output.Trim(), out var bytes) ? bytes : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no sqlite3 shell on this machine
        }
    }

    public PortalDbContext NewContext() => NewContext(_options.Provider, _connectionString);

    /// <summary>Statistics and the visibility map as a settled server has them (autovacuum would, some time after a bulk load).</summary>
    public Task AnalyzeAsync(string table) =>
        ScalarAsync(_options.Provider, _connectionString, _options.Provider == DatabaseProvider.Postgres ? $"VACUUM ANALYZE \"{table}\"" : $"ANALYZE \"{table}\"");

    private static PortalDbContext NewContext(DatabaseProvider provider, string connectionString) => provider == DatabaseProvider.Postgres
        ? new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options)
        : new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connectionString).Options);

    private static async Task<long> ScalarAsync(DatabaseProvider provider, string connectionString, string sql)
    {
        await using System.Data.Common.DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }
}
