using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>
/// A VM's series and events over a range, as a viewer may read them: the one read behind charts, JSON and CSV. A
/// customer reads only the time their tenant owned the VM (buckets that mix owners are gaps); staff read everything
/// and get the ownership periods to mark.
/// </summary>
public sealed class VmSeries(VmDirectory directory, MetricStore store, IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const int MaxEvents = 500;

    /// <summary>Null when the viewer cannot see the VM (not found, whatever the reason).</summary>
    public async Task<VmSeriesResult?> ReadAsync(ViewerScope scope, int vmId, DateTime fromUtc, DateTime toUtc, int points,
        MetricAggregate aggregate, CancellationToken cancellationToken = default)
    {
        if (await directory.VisibleTimeAsync(scope, vmId, cancellationToken) is not { } visible) return null;
        var now = time.GetUtcNow().UtcDateTime;
        // Query only the visible part, so that the tier fits what can be shown; nothing visible keeps the asked range.
        var (from, to) = visible.Clip(fromUtc, toUtc) ?? (fromUtc, toUtc);
        var set = visible.Mask(await store.QueryAsync(vmId, from, to, points, aggregate, now, cancellationToken));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.VmEvents.AsNoTracking()
            .Where(e => e.VmId == vmId && e.TimeUtc >= from && e.TimeUtc < to)
            .OrderBy(e => e.TimeUtc).Take(MaxEvents).ToListAsync(cancellationToken);
        var ownership = scope.AllTenants ? await directory.OwnershipAsync(vmId, cancellationToken) : [];
        return new VmSeriesResult(set, events.Where(e => visible.Contains(e.TimeUtc)).ToList(), ownership);
    }
}

/// <param name="Ownership">For staff: who owned the VM when (empty for customers).</param>
public sealed record VmSeriesResult(SeriesSet Set, IReadOnlyList<VmEvent> Events, IReadOnlyList<OwnershipPeriod> Ownership);
