using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Core.Triage;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Web.Features.Triage;

/// <summary>
/// What a triage reads from the store: the window and each of its baselines at the raw step (coarser only past
/// <see cref="TriageOptions.MaxPoints"/>), each cut to what the viewer may see (a customer's baseline never reaches
/// into a time their tenant did not own the VM), and the VMs' lifecycle events in the window.
/// </summary>
public sealed class TriageReads(MetricStore store, IDbContextFactory<PortalDbContext> contexts, IOptions<TriageOptions> options, TimeProvider time)
{
    public sealed record Series(SeriesSet Incident, IReadOnlyList<Baseline> Baselines);

    /// <summary>One VM's window and baselines, as <paramref name="visible"/> allows.</summary>
    public async Task<Series> OneAsync(int vmId, TriageWindow window, VisibleTime visible, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = visible.Clip(window.FromUtc, window.ToUtc) ?? (window.FromUtc, window.ToUtc);
        var incident = visible.Mask(await store.QueryAsync(vmId, from, to, Points(to - from), MetricAggregate.Average, now, cancellationToken));
        var baselines = new List<Baseline>();
        foreach (var b in window.Baselines())
        {
            if (visible.Clip(b.FromUtc, b.ToUtc) is not { } part) continue;
            var set = visible.Mask(await store.QueryAsync(vmId, part.From, part.To, Points(part.To - part.From), MetricAggregate.Average, now, cancellationToken));
            if (set.Series.Count > 0) baselines.Add(new Baseline(b.Kind, set));
        }
        return new Series(incident, baselines);
    }

    /// <summary>Many VMs' windows and baselines in one statement per window (staff: everything is visible).</summary>
    public async Task<IReadOnlyDictionary<int, Series>> ManyAsync(IReadOnlyList<int> vmIds, TriageWindow window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var incident = await store.QueryManyAsync(vmIds, window.FromUtc, window.ToUtc, Points(window.Span), MetricAggregate.Average, now, cancellationToken);
        var baselines = new List<(BaselineKind Kind, IReadOnlyDictionary<int, SeriesSet> Sets)>();
        foreach (var b in window.Baselines())
            baselines.Add((b.Kind, await store.QueryManyAsync(vmIds, b.FromUtc, b.ToUtc, Points(b.ToUtc - b.FromUtc), MetricAggregate.Average, now, cancellationToken)));
        return vmIds.Distinct().ToDictionary(id => id, id => new Series(incident[id],
            baselines.Where(b => b.Sets[id].Series.Count > 0).Select(b => new Baseline(b.Kind, b.Sets[id])).ToList()));
    }

    /// <summary>The VMs' events in the window, oldest first.</summary>
    public async Task<ILookup<int, VmEvent>> EventsAsync(IReadOnlyList<int> vmIds, TriageWindow window, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.VmEvents.AsNoTracking()
            .Where(e => vmIds.Contains(e.VmId) && e.TimeUtc >= window.FromUtc && e.TimeUtc < window.ToUtc)
            .OrderBy(e => e.TimeUtc).Take(500 * Math.Max(1, vmIds.Count)).ToListAsync(cancellationToken);
        return events.ToLookup(e => e.VmId);
    }

    /// <summary>The raw step's points for a span, up to the configured maximum (then the store folds into coarser buckets).</summary>
    private int Points(TimeSpan span) =>
        Math.Clamp((int)Math.Ceiling(span / store.Tiers[Tier.Raw].Step), 2, options.Value.MaxPoints);
}
