using System.Globalization;
using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// A series the analysis judges: one stored series or a combination of several (a NIC's rx + tx, the vCPUs' mean
/// steal), read the same way from the window and from every baseline. <see cref="ZeroWhenWell"/> series (swap,
/// faults, steal, errors) are judged against zero when there is no baseline.
/// </summary>
public sealed record Signal(string Id, string Label, TriageUnit Unit, Sensitivity Sensitivity, Func<SeriesSet, float[]?> Read, bool ZeroWhenWell = false)
{
    public static readonly Signal Cpu = new("cpu", "CPU (VM on its node)", TriageUnit.Percent, Sensitivity.Cpu, s => One(s, new(Metric.CpuPercent)));
    public static readonly Signal Steal = new("steal", "steal (mean of the vCPUs)", TriageUnit.Percent, Sensitivity.Steal, s => Mean(s, Metric.VcpuStealPercent), ZeroWhenWell: true);
    public static readonly Signal MemoryUsed = new("memoryUsed", "memory used", TriageUnit.KiB, Sensitivity.MemoryKiB, s => One(s, new(Metric.MemoryUsedKiB)));
    public static readonly Signal MemoryAllocation = new("memoryAllocation", "allocation", TriageUnit.KiB, Sensitivity.MemoryKiB, s => One(s, new(Metric.MemoryAllocationKiB)));
    public static readonly Signal MemoryAvailable = new("memoryAvailable", "available to the guest", TriageUnit.KiB, Sensitivity.MemoryKiB, s => One(s, new(Metric.MemoryAvailableKiB)));
    public static readonly Signal MemoryMaximum = new("memoryMaximum", "maximum", TriageUnit.KiB, Sensitivity.MemoryKiB, s => One(s, new(Metric.MemoryMaximumKiB)));
    public static readonly Signal SwapOut = new("swapOut", "swap out", TriageUnit.KiBPerSecond, Sensitivity.SwapKiBPerSecond, s => One(s, new(Metric.SwapOutKiBPerSecond)), ZeroWhenWell: true);
    public static readonly Signal SwapIn = new("swapIn", "swap in", TriageUnit.KiBPerSecond, Sensitivity.SwapKiBPerSecond, s => One(s, new(Metric.SwapInKiBPerSecond)), ZeroWhenWell: true);
    public static readonly Signal MajorFaults = new("majorFaults", "major page faults", TriageUnit.PerSecond, Sensitivity.FaultsPerSecond, s => One(s, new(Metric.MajorFaultsPerSecond)), ZeroWhenWell: true);

    public static Signal Vcpu(string index) =>
        new("vcpu:" + index, "vCPU " + index, TriageUnit.Percent, Sensitivity.Cpu, s => One(s, new(Metric.VcpuPercent, index)));

    public static Signal DiskTraffic(string target) =>
        new("disk:" + target, target + " read + write", TriageUnit.BytesPerSecond, Sensitivity.DiskBytesPerSecond,
            s => Sum(s, new(Metric.DiskReadBytesPerSecond, target), new(Metric.DiskWriteBytesPerSecond, target)));

    public static Signal DiskLatency(string target, bool write) =>
        new($"disk{(write ? "Write" : "Read")}Latency:{target}", $"{target} {(write ? "write" : "read")} latency", TriageUnit.Milliseconds, Sensitivity.DiskLatencyMs,
            s => One(s, new(write ? Metric.DiskWriteLatencyMs : Metric.DiskReadLatencyMs, target)));

    public static Signal NetTraffic(string mac) =>
        new("net:" + mac, "traffic (rx + tx)", TriageUnit.BytesPerSecond, Sensitivity.NetBytesPerSecond,
            s => Sum(s, new(Metric.NetRxBytesPerSecond, mac), new(Metric.NetTxBytesPerSecond, mac)));

    public static Signal NetErrors(string mac) =>
        new("netErrors:" + mac, "errors + drops", TriageUnit.PerSecond, Sensitivity.NetErrorsPerSecond,
            s => Sum(s, new(Metric.NetRxErrorsPerSecond, mac), new(Metric.NetTxErrorsPerSecond, mac), new(Metric.NetRxDropsPerSecond, mac), new(Metric.NetTxDropsPerSecond, mac)),
            ZeroWhenWell: true);

    /// <summary>The devices (vCPU numbers, disk targets, MACs) a metric has in a set, in a stable order.</summary>
    public static IReadOnlyList<string> Instances(SeriesSet set, Metric metric) =>
        set.Series.Where(s => s.Key.Metric == metric).Select(s => s.Key.Instance)
            .OrderBy(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(i => i, StringComparer.Ordinal).ToList();

    private static float[]? One(SeriesSet set, SeriesKey key) => set.Series.FirstOrDefault(s => s.Key == key)?.Values;

    /// <summary>Point by point, the sum of the series that have a value there (NaN where none has).</summary>
    private static float[]? Sum(SeriesSet set, params SeriesKey[] keys) => Combine(set.Series.Where(s => keys.Contains(s.Key)).Select(s => s.Values).ToList(), mean: false);

    private static float[]? Mean(SeriesSet set, Metric metric) => Combine(set.Series.Where(s => s.Key.Metric == metric).Select(s => s.Values).ToList(), mean: true);

    private static float[]? Combine(List<float[]> parts, bool mean)
    {
        if (parts.Count == 0) return null;
        if (parts.Count == 1) return parts[0];
        var result = new float[parts.Max(p => p.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            double sum = 0;
            var count = 0;
            foreach (var part in parts)
            {
                if (i >= part.Length || float.IsNaN(part[i])) continue;
                sum += part[i];
                count++;
            }
            result[i] = count == 0 ? float.NaN : (float)(mean ? sum / count : sum);
        }
        return result;
    }
}
