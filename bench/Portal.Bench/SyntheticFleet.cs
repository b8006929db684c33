using System.Globalization;
using Portal.Core.Metrics;

namespace Portal.Bench;

/// <summary>
/// The benchmark's fleet. The dashboard fleet has 17 series per VM (the shape the RRDtool and Prometheus
/// comparisons were measured with); the sweep fleet has what a 4-vCPU, 2-disk, 1-NIC VM really produces.
/// Values are smooth and deterministic so every run stores the same data.
/// </summary>
internal static class SyntheticFleet
{
    public static readonly SeriesKey[] DashboardSeries =
    [
        new(Metric.CpuPercent),
        new(Metric.VcpuPercent, "0"), new(Metric.VcpuPercent, "1"), new(Metric.VcpuPercent, "2"), new(Metric.VcpuPercent, "3"),
        new(Metric.MemoryAllocationKiB), new(Metric.MemoryUsedKiB), new(Metric.MemoryRssKiB),
        new(Metric.SwapInKiBPerSecond), new(Metric.SwapOutKiBPerSecond), new(Metric.MajorFaultsPerSecond),
        new(Metric.DiskReadBytesPerSecond, "vda"), new(Metric.DiskWriteBytesPerSecond, "vda"),
        new(Metric.DiskReadBytesPerSecond, "vdb"), new(Metric.DiskWriteBytesPerSecond, "vdb"),
        new(Metric.NetRxBytesPerSecond, "52:54:00:00:00:01"), new(Metric.NetTxBytesPerSecond, "52:54:00:00:00:01"),
    ];

    public static SeriesKey[] SweepSeries(int vm)
    {
        var mac = string.Create(CultureInfo.InvariantCulture, $"52:54:00:{vm >> 16 & 0xff:x2}:{vm >> 8 & 0xff:x2}:{vm & 0xff:x2}");
        var keys = new List<SeriesKey> { new(Metric.CpuPercent) };
        for (var i = 0; i < 4; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            keys.Add(new(Metric.VcpuPercent, index));
            keys.Add(new(Metric.VcpuStealPercent, index));
        }
        keys.AddRange([new(Metric.MemoryAllocationKiB), new(Metric.MemoryUsedKiB), new(Metric.MemoryAvailableKiB), new(Metric.MemoryRssKiB),
            new(Metric.SwapInKiBPerSecond), new(Metric.SwapOutKiBPerSecond), new(Metric.MajorFaultsPerSecond)]);
        foreach (var disk in new[] { "vda", "vdb" })
            keys.AddRange([new(Metric.DiskReadBytesPerSecond, disk), new(Metric.DiskWriteBytesPerSecond, disk),
                new(Metric.DiskReadRequestsPerSecond, disk), new(Metric.DiskWriteRequestsPerSecond, disk)]);
        foreach (var metric in new[] { Metric.NetRxBytesPerSecond, Metric.NetTxBytesPerSecond, Metric.NetRxPacketsPerSecond, Metric.NetTxPacketsPerSecond,
                     Metric.NetRxErrorsPerSecond, Metric.NetTxErrorsPerSecond, Metric.NetRxDropsPerSecond, Metric.NetTxDropsPerSecond })
            keys.Add(new(metric, mac));
        return keys.ToArray();
    }

    public static VmSample Sample(int vm, DateTime t, IReadOnlyList<SeriesKey> keys)
    {
        var values = new Dictionary<SeriesKey, double>(keys.Count);
        var day = Math.Sin((t.TimeOfDay.TotalHours - 14) / 24 * 2 * Math.PI) * 0.5 + 0.5;
        for (var i = 0; i < keys.Count; i++)
        {
            var wobble = Math.Sin(t.Ticks / 6e11 * (1 + i % 7) + vm * 0.37 + i);
            values[keys[i]] = Math.Max(0, 100 * (i + 1) * (0.2 + 0.6 * day + 0.1 * wobble));
        }
        return new VmSample(vm, t, values);
    }
}
