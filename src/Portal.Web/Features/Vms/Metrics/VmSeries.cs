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
/// and get the ownership periods to mark. Events a change through the portal caused say who, as the viewer reads it.
/// </summary>
public sealed class VmSeries(VmDirectory directory, MetricStore store, IDbContextFactory<PortalDbContext> contexts, EventCauses causes, TimeProvider time)
{
    public const int MaxEvents = 500;

    /// <summary>Null when the viewer cannot see the VM (not found, whatever the reason).</summary>
    /// <param name="viewerName">The viewer's user name, by which their own changes read as theirs.</param>
    public async Task<VmSeriesResult?> ReadAsync(ViewerScope scope, int vmId, DateTime fromUtc, DateTime toUtc, int points,
        MetricAggregate aggregate, string? viewerName = null, CancellationToken cancellationToken = default)
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
        var shown = events.Where(e => visible.Contains(e.TimeUtc)).ToList();
        return new VmSeriesResult(set, shown, ownership, await causes.DescribeAsync(shown, scope, viewerName, cancellationToken));
    }
}

/// <param name="Ownership">For staff: who owned the VM when (empty for customers).</param>
/// <param name="Causes">For events a change through the portal caused, by event id: who, as the viewer reads it.</param>
public sealed record VmSeriesResult(SeriesSet Set, IReadOnlyList<VmEvent> Events, IReadOnlyList<OwnershipPeriod> Ownership,
    IReadOnlyDictionary<long, string> Causes)
{
    public string? CauseOf(VmEvent e) => Causes.GetValueOrDefault(e.Id);
}
