using Portal.Core.Metrics;

namespace Portal.Core.Tenancy;

/// <summary>
/// The stretches of a VM's history a viewer may read: all of it for staff, the periods their tenant owned the VM for a
/// customer. Every read of history (series, events, changes, baselines) goes through one of these.
/// </summary>
public sealed class VisibleTime
{
    private readonly Interval[] _intervals;

    private VisibleTime(IEnumerable<Interval> intervals) => _intervals = Merge(intervals);

    /// <summary>[From, To): null From reaches back to the beginning, null To up to now and beyond.</summary>
    public readonly record struct Interval(DateTime? From, DateTime? To)
    {
        public bool Contains(DateTime t) => (From is not { } f || t >= f) && (To is not { } e || t < e);
        public bool Covers(DateTime from, DateTime to) => (From is not { } f || from >= f) && (To is not { } e || to <= e);
    }

    public static VisibleTime Always { get; } = new([new Interval(null, null)]);
    public static VisibleTime Never { get; } = new([]);

    public IReadOnlyList<Interval> Intervals => _intervals;
    public bool IsAlways => _intervals is [{ From: null, To: null }];
    public bool IsNever => _intervals.Length == 0;

    /// <summary>What <paramref name="scope"/> may read of a VM whose ownership periods are <paramref name="periods"/>.</summary>
    public static VisibleTime For(ViewerScope scope, IEnumerable<VmOwnership> periods)
    {
        if (scope.AllTenants) return Always;
        if (scope.TenantId is not { } tenant) return Never;
        return new VisibleTime(periods.Where(p => p.TenantId == tenant).Select(p => new Interval(p.FromUtc, p.ToUtc)));
    }

    public bool Contains(DateTime t) => _intervals.Any(i => i.Contains(t));

    /// <summary>Whether all of [from, to) lies in one visible stretch (a bucket that mixes owners is not visible).</summary>
    public bool Covers(DateTime from, DateTime to) => _intervals.Any(i => i.Covers(from, to));

    /// <summary>
    /// The part of [from, to) worth querying: from the first visible moment to the last, or null when nothing of the
    /// range is visible.
    /// </summary>
    public (DateTime From, DateTime To)? Clip(DateTime from, DateTime to)
    {
        DateTime? start = null, end = null;
        foreach (var i in _intervals)
        {
            var s = i.From is { } f && f > from ? f : from;
            var e = i.To is { } t && t < to ? t : to;
            if (e <= s) continue;
            start = start is { } a && a < s ? a : s;
            end = end is { } b && b > e ? b : e;
        }
        return start is { } x && end is { } y ? (x, y) : null;
    }

    /// <summary>The set with every bucket that is not wholly visible turned into a gap.</summary>
    public SeriesSet Mask(SeriesSet set)
    {
        if (IsAlways) return set;
        var plan = set.Plan;
        var hidden = new bool[plan.Points];
        var any = false;
        for (var i = 0; i < plan.Points; i++)
        {
            var start = plan.GridStart + plan.Bucket * i;
            hidden[i] = !Covers(start, start + plan.Bucket);
            any |= hidden[i];
        }
        if (!any) return set;
        return set with
        {
            Series = set.Series.Select(s =>
            {
                var values = (float[])s.Values.Clone();
                for (var i = 0; i < values.Length && i < hidden.Length; i++) if (hidden[i]) values[i] = float.NaN;
                return s with { Values = values };
            }).ToArray(),
        };
    }

    private static Interval[] Merge(IEnumerable<Interval> intervals)
    {
        var sorted = intervals.Where(i => i.From is null || i.To is null || i.To > i.From)
            .OrderBy(i => i.From ?? DateTime.MinValue).ToList();
        var merged = new List<Interval>();
        foreach (var i in sorted)
        {
            if (merged.Count > 0 && merged[^1] is var last && (last.To is null || (i.From is { } f && f <= last.To)))
            {
                var to = last.To is null || i.To is null ? null : (DateTime?)(i.To > last.To ? i.To : last.To);
                merged[^1] = last with { To = to };
            }
            else merged.Add(i);
        }
        return merged.ToArray();
    }
}
