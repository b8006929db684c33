using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.TimeSeries;

/// <summary>Raw ADO.NET connections to the portal's database for the time-series store (EF Core is not in this path).</summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

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
        // WAL lets chart reads run while the collector writes; NORMAL sync is durable across application crashes.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
