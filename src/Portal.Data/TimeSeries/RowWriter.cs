using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Data.TimeSeries;

/// <summary>A row of any tier, ready to write.</summary>
internal readonly record struct StoredRow(int VmId, long Time, int LayoutId, byte[] Data);

/// <summary>
/// Bulk writes of rows into one tier table inside the caller's transaction: binary COPY on PostgreSQL, one prepared
/// upsert reused for every row on SQLite.
/// </summary>
internal static class RowWriter
{
    private static string Upsert(string table) =>
        $"INSERT INTO {table} (vm_id, time, layout_id, data) VALUES (@vm, @time, @layout, @data) " +
        "ON CONFLICT (vm_id, time) DO UPDATE SET layout_id = excluded.layout_id, data = excluded.data";

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredRow> rows, bool allowCopy, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        if (allowCopy && connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, table, rows, cancellationToken);
            return;
        }
        await using var command = connection.Command(Upsert(table), transaction);
        var vm = command.Add("@vm", 0);
        var time = command.Add("@time", 0L);
        var layout = command.Add("@layout", 0);
        var data = command.Add("@data", Array.Empty<byte>());
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            vm.Value = row.VmId;
            time.Value = row.Time;
            layout.Value = row.LayoutId;
            data.Value = row.Data;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>COPY cannot upsert: callers use it only for rows that are new (a sweep's own timestamp).</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<StoredRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} (vm_id, time, layout_id, data) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.VmId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Time, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.LayoutId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Data, NpgsqlDbType.Bytea, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }
}
