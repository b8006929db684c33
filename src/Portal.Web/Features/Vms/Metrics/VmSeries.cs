using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>A VM's series and events over a range, as a viewer may read them: the one read behind charts, JSON and CSV.</summary>
public sealed class VmSeries(VmDirectory directory, MetricStore store, IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const int MaxEvents = 500;

    /// <summary>Null when the viewer cannot see the VM (not found, whatever the reason).</summary>
    public async Task<VmSeriesResult?> ReadAsync(ViewerScope scope, int vmId, DateTime fromUtc, DateTime toUtc, int points,
        MetricAggregate aggregate, CancellationToken cancellationToken = default)
    {
        if (!await directory.IsVisibleAsync(scope, vmId, cancellationToken)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var set = await store.QueryAsync(vmId, fromUtc, toUtc, points, aggregate, now, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.VmEvents.AsNoTracking()
            .Where(e => e.VmId == vmId && e.TimeUtc >= fromUtc && e.TimeUtc < toUtc)
            .OrderBy(e => e.TimeUtc).Take(MaxEvents).ToListAsync(cancellationToken);
        return new VmSeriesResult(set, events);
    }
}

public sealed record VmSeriesResult(SeriesSet Set, IReadOnlyList<VmEvent> Events);
