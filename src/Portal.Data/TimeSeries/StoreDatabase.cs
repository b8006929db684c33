using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.TimeSeries;

/// <summary>Raw ADO.NET connections to the portal's database for the time-series store (EF Core is not in this path).</summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private bool _walChecked;

    public StoreDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Postgres) _postgres = NpgsqlDataSource.Create(connectionString);
        else _sqlite = connectionString;
    }

    public DatabaseProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(cancellationToken);
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        if (!_walChecked)
        {
            // WAL lets chart reads run while the collector writes; the mode is stored in the file, so once is enough.
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _walChecked = true;
        }
        // Per connection: NORMAL sync is durable across application crashes and much cheaper than FULL; reads of a
        // large store go through memory-mapped pages instead of a system call per page.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA mmap_size=1073741824;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
