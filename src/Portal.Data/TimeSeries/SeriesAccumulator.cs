using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

/// <summary>
/// Aggregates decoded rows into series x points: sum, maximum and sample count per point, in flat arrays. Each
/// layout's slots are mapped to series once, so the per-value work is a few array operations.
/// </summary>
internal sealed class SeriesAccumulator(int points)
{
    private readonly Dictionary<SeriesKey, int> _index = [];
    private readonly List<SeriesKey> _keys = [];
    private readonly List<(double[] Sum, float[] Max, int[] Count)> _series = [];
    private readonly Dictionary<int, int[]> _slotMaps = [];
    private float[] _avg = [], _max = [];
    private ushort[] _count = [];

    /// <summary>Decodes one stored row (raw or rollup) into the bucket <paramref name="point"/>.</summary>
    public void Add(Layout layout, ReadOnlySpan<byte> data, bool isRaw, int point)
    {
        var n = layout.Keys.Count;
        if (_avg.Length < n) (_avg, _max, _count) = (new float[n], new float[n], new ushort[n]);
        if (isRaw) RowCodec.DecodeRaw(data, _avg);
        else RowCodec.DecodeRollup(data, _avg, _max, _count);
        var map = SlotMap(layout);
        for (var slot = 0; slot < n; slot++)
        {
            var average = _avg[slot];
            int count = isRaw ? (float.IsNaN(average) ? 0 : 1) : _count[slot];
            if (count == 0) continue;
            var max = isRaw ? average : _max[slot];
            var (sums, maxima, counts) = _series[map[slot]];
            maxima[point] = counts[point] == 0 ? max : Math.Max(maxima[point], max);
            sums[point] += (double)average * count;
            counts[point] += count;
        }
    }

    /// <summary>The series that received a value, in a stable order, as averages or maxima (NaN where empty).</summary>
    public IReadOnlyList<SeriesValues> Result(MetricAggregate aggregate)
    {
        var result = new List<SeriesValues>(_keys.Count);
        for (var s = 0; s < _keys.Count; s++)
        {
            var (sums, maxima, counts) = _series[s];
            var values = new float[points];
            var any = false;
            for (var p = 0; p < points; p++)
            {
                if (counts[p] == 0)
                {
                    values[p] = float.NaN;
                    continue;
                }
                values[p] = aggregate == MetricAggregate.Maximum ? maxima[p] : (float)(sums[p] / counts[p]);
                any = true;
            }
            if (any) result.Add(new SeriesValues(_keys[s], values));
        }
        result.Sort((a, b) => a.Key.Metric != b.Key.Metric
            ? a.Key.Metric.CompareTo(b.Key.Metric)
            : string.CompareOrdinal(a.Key.Instance, b.Key.Instance));
        return result;
    }

    /// <summary>For rollup (one point): each series' average, maximum and count.</summary>
    public IEnumerable<(SeriesKey Key, double Average, float Max, int Count)> Totals()
    {
        for (var s = 0; s < _keys.Count; s++)
        {
            var (sums, maxima, counts) = _series[s];
            if (counts[0] > 0) yield return (_keys[s], sums[0] / counts[0], maxima[0], counts[0]);
        }
    }

    private int[] SlotMap(Layout layout)
    {
        if (_slotMaps.TryGetValue(layout.Id, out var map)) return map;
        map = new int[layout.Keys.Count];
        for (var slot = 0; slot < map.Length; slot++)
        {
            var key = layout.Keys[slot];
            if (!_index.TryGetValue(key, out var series))
            {
                _index[key] = series = _keys.Count;
                _keys.Add(key);
                _series.Add((new double[points], new float[points], new int[points]));
            }
            map[slot] = series;
        }
        return _slotMaps[layout.Id] = map;
    }
}
