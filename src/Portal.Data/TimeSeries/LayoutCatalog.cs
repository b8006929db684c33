using System.Collections.Concurrent;
using System.Data.Common;
using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

/// <summary>
/// Layouts by id (for reading) and each VM's current layout (for writing), cached; a VM gets a new layout only when
/// it has a series its current one lacks.
/// </summary>
internal sealed class LayoutCatalog
{
    private readonly ConcurrentDictionary<int, Layout> _byId = new();
    private readonly ConcurrentDictionary<int, Layout> _currentByVm = new();
    private volatile bool _loaded;

    public async Task<Layout> ForWriteAsync(DbConnection connection, DbTransaction transaction, int vmId, IEnumerable<SeriesKey> keys, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(connection, transaction, cancellationToken);
        var wanted = keys as IReadOnlyCollection<SeriesKey> ?? keys.ToArray();
        if (_currentByVm.TryGetValue(vmId, out var current) && current.Covers(wanted)) return current;

        var merged = Layout.Order(current is null ? wanted : current.Keys.Union(wanted));
        await using var insert = connection.Command("INSERT INTO metric_layouts (vm_id, series) VALUES (@vm, @series) RETURNING id", transaction);
        insert.Add("@vm", vmId);
        insert.Add("@series", Layout.Format(merged));
        var layout = new Layout(Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture), merged);
        _byId[layout.Id] = layout;
        _currentByVm[vmId] = layout;
        return layout;
    }

    /// <summary>A layout by id; one this process has not seen (written by another process) is read once.</summary>
    public ValueTask<Layout> ByIdAsync(DbConnection connection, int id, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        _byId.TryGetValue(id, out var layout) ? ValueTask.FromResult(layout) : LoadAsync(connection, id, transaction, cancellationToken);

    private async ValueTask<Layout> LoadAsync(DbConnection connection, int id, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var select = connection.Command("SELECT series FROM metric_layouts WHERE id = @id", transaction);
        select.Add("@id", id);
        var text = (string?)await select.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidDataException($"Layout {id} is missing.");
        return _byId[id] = new Layout(id, Layout.Parse(text));
    }

    /// <summary>Forgets writes of a transaction that was rolled back.</summary>
    public void Invalidate()
    {
        _currentByVm.Clear();
        _byId.Clear();
        _loaded = false;
    }

    /// <summary>Two callers may both load at start-up; loading is idempotent, so that costs a query, not correctness.</summary>
    private async Task EnsureLoadedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (_loaded) return;
        await using var select = connection.Command("SELECT id, vm_id, series FROM metric_layouts ORDER BY id", transaction);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var layout = new Layout(reader.GetInt32(0), Layout.Parse(reader.GetString(2)));
            _byId[layout.Id] = layout;
            _currentByVm.AddOrUpdate(reader.GetInt32(1), layout, (_, known) => known.Id > layout.Id ? known : layout);
        }
        _loaded = true;
    }
}
