using System.Data.Common;

namespace Portal.Data.TimeSeries;

/// <summary>Small helpers for parameterized commands that read the same on SQLite and PostgreSQL.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, string text, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// The next row. SQLite reads are synchronous underneath, and going through the async path costs more per row
    /// than the row itself; PostgreSQL rows come over the network and are awaited.
    /// </summary>
    public static ValueTask<bool> NextAsync(this DbDataReader reader, CancellationToken cancellationToken) =>
        reader is Microsoft.Data.Sqlite.SqliteDataReader sqlite ? ValueTask.FromResult(sqlite.Read()) : new ValueTask<bool>(reader.ReadAsync(cancellationToken));

    public static long ToUnix(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalSeconds;

    public static DateTime FromUnix(long seconds) => DateTime.UnixEpoch.AddSeconds(seconds);
}
