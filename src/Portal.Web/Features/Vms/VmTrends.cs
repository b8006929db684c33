using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Data.TimeSeries;

namespace Portal.Web.Features.Vms;

/// <summary>The last 24 hours of CPU and network per VM, for the list's trend lines: one store call for the whole list.</summary>
public sealed class VmTrends(MetricStore store, VmDirectory directory, TimeProvider time)
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);
    private const int Points = 48;

    public sealed record Trend(float[] Cpu, float[] Network);

    /// <summary>Cut to what the viewer may see of each VM (a customer: the time their tenant owned it).</summary>
    public async Task<IReadOnlyDictionary<int, Trend>> ForAsync(ViewerScope scope, IReadOnlyList<int> vmIds, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var visible = await directory.VisibleTimesAsync(scope, vmIds, cancellationToken);
        var sets = await store.QueryManyAsync(vmIds, now - Span, now, Points, MetricAggregate.Average, now, cancellationToken);
        return sets.ToDictionary(s => s.Key, s =>
        {
            var set = visible.TryGetValue(s.Key, out var v) ? v.Mask(s.Value) : VisibleTime.Never.Mask(s.Value);
            return new Trend(Sum(set, Metric.CpuPercent), Sum(set, Metric.NetRxBytesPerSecond, Metric.NetTxBytesPerSecond));
        });
    }

    /// <summary>The sum over every device of the given metrics; NaN where none has a value.</summary>
    private static float[] Sum(SeriesSet set, params Metric[] metrics)
    {
        var total = new float[set.Plan.Points];
        Array.Fill(total, float.NaN);
        foreach (var series in set.Series.Where(s => metrics.Contains(s.Key.Metric)))
            for (var i = 0; i < total.Length; i++)
                if (!float.IsNaN(series.Values[i])) total[i] = (float.IsNaN(total[i]) ? 0 : total[i]) + series.Values[i];
        return total;
    }
}
