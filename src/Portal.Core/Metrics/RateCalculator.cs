using Portal.Core.Hypervisor;

namespace Portal.Core.Metrics;

/// <summary>
/// Turns two consecutive readings of a domain's cumulative counters into rates and gauges. Anything that cannot be
/// a true rate is left out, which the store keeps as a gap: a counter that went backwards (VM restart, device
/// re-plug), a device or group missing from either reading, a NIC whose tap device the inventory does not know.
/// </summary>
public static class RateCalculator
{
    private const double NanosecondsPerSecond = 1e9;

    /// <param name="previous">The reading before, or null on the first sweep (only gauges then).</param>
    /// <param name="macOfTap">The MAC of a host tap device (tap names change on every VM start; MACs do not).</param>
    /// <param name="restartedSince">True when the VM (re)started since the previous reading, whatever the counters say.</param>
    public static Dictionary<SeriesKey, double> Compute(
        (DateTime Time, DomainStats Stats)? previous,
        DateTime time,
        DomainStats current,
        Func<string, string?> macOfTap,
        bool restartedSince = false)
    {
        var values = new Dictionary<SeriesKey, double>();
        AddMemory(values, current.Balloon);

        if (previous is not { } before || restartedSince) return values;
        var seconds = (time - before.Time).TotalSeconds;
        if (seconds <= 0) return values;
        var old = before.Stats;
        // A VM restart resets every counter at once; cpu.time going backwards is its surest sign.
        if (current.Cpu is { } cpu && old.Cpu is { } oldCpu && cpu.TimeNs < oldCpu.TimeNs) return values;

        if (Delta(old.Cpu?.TimeNs, current.Cpu?.TimeNs) is { } cpuNs)
            values[new(Metric.CpuPercent)] = cpuNs / (seconds * NanosecondsPerSecond) * 100;

        foreach (var vcpu in current.Vcpus)
        {
            var then = old.Vcpus.FirstOrDefault(v => v.Index == vcpu.Index);
            if (then is null) continue;
            var index = vcpu.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Delta(then.TimeNs, vcpu.TimeNs) is { } busy) values[new(Metric.VcpuPercent, index)] = busy / (seconds * NanosecondsPerSecond) * 100;
            if (Delta(then.DelayNs, vcpu.DelayNs) is { } steal) values[new(Metric.VcpuStealPercent, index)] = steal / (seconds * NanosecondsPerSecond) * 100;
        }

        if (current.Balloon is { } balloon && old.Balloon is { } oldBalloon)
        {
            Rate(values, Metric.SwapInKiBPerSecond, "", oldBalloon.SwapInKiB, balloon.SwapInKiB, seconds);
            Rate(values, Metric.SwapOutKiBPerSecond, "", oldBalloon.SwapOutKiB, balloon.SwapOutKiB, seconds);
            Rate(values, Metric.MajorFaultsPerSecond, "", oldBalloon.MajorFaults, balloon.MajorFaults, seconds);
        }

        foreach (var block in current.Blocks)
        {
            var then = old.Blocks.FirstOrDefault(b => b.Target == block.Target);
            if (then is null) continue;
            Rate(values, Metric.DiskReadBytesPerSecond, block.Target, then.ReadBytes, block.ReadBytes, seconds);
            Rate(values, Metric.DiskWriteBytesPerSecond, block.Target, then.WriteBytes, block.WriteBytes, seconds);
            Rate(values, Metric.DiskReadRequestsPerSecond, block.Target, then.ReadRequests, block.ReadRequests, seconds);
            Rate(values, Metric.DiskWriteRequestsPerSecond, block.Target, then.WriteRequests, block.WriteRequests, seconds);
            Latency(values, Metric.DiskReadLatencyMs, block.Target, (then.ReadTimeNs, then.ReadRequests), (block.ReadTimeNs, block.ReadRequests));
            Latency(values, Metric.DiskWriteLatencyMs, block.Target, (then.WriteTimeNs, then.WriteRequests), (block.WriteTimeNs, block.WriteRequests));
        }

        var oldByMac = old.Nets.Select(n => (Mac: macOfTap(n.Device), Net: n)).Where(x => x.Mac is not null).ToDictionary(x => x.Mac!, x => x.Net);
        foreach (var net in current.Nets)
        {
            if (macOfTap(net.Device) is not { } mac || !oldByMac.TryGetValue(mac, out var then)) continue;
            Rate(values, Metric.NetRxBytesPerSecond, mac, then.RxBytes, net.RxBytes, seconds);
            Rate(values, Metric.NetTxBytesPerSecond, mac, then.TxBytes, net.TxBytes, seconds);
            Rate(values, Metric.NetRxPacketsPerSecond, mac, then.RxPackets, net.RxPackets, seconds);
            Rate(values, Metric.NetTxPacketsPerSecond, mac, then.TxPackets, net.TxPackets, seconds);
            Rate(values, Metric.NetRxErrorsPerSecond, mac, then.RxErrors, net.RxErrors, seconds);
            Rate(values, Metric.NetTxErrorsPerSecond, mac, then.TxErrors, net.TxErrors, seconds);
            Rate(values, Metric.NetRxDropsPerSecond, mac, then.RxDrops, net.RxDrops, seconds);
            Rate(values, Metric.NetTxDropsPerSecond, mac, then.TxDrops, net.TxDrops, seconds);
        }
        return values;
    }

    /// <summary>Memory gauges: used = available - usable when the guest reports both, else current - unused.</summary>
    private static void AddMemory(Dictionary<SeriesKey, double> values, BalloonCounters? balloon)
    {
        if (balloon is null) return;
        if (balloon.CurrentKiB is { } current) values[new(Metric.MemoryAllocationKiB)] = current;
        if (balloon.AvailableKiB is { } available) values[new(Metric.MemoryAvailableKiB)] = available;
        if (balloon.RssKiB is { } rss) values[new(Metric.MemoryRssKiB)] = rss;
        if (balloon.MaximumKiB is { } maximum) values[new(Metric.MemoryMaximumKiB)] = maximum;
        var used = balloon switch
        {
            { AvailableKiB: { } a, UsableKiB: { } u } => a - u,
            { CurrentKiB: { } c, UnusedKiB: { } n } => c - n,
            _ => (long?)null,
        };
        if (used is { } kib && kib >= 0) values[new(Metric.MemoryUsedKiB)] = kib;
    }

    private static void Rate(Dictionary<SeriesKey, double> values, Metric metric, string instance, ulong? before, ulong? now, double seconds)
    {
        if (Delta(before, now) is { } delta) values[new(metric, instance)] = delta / seconds;
    }

    /// <summary>Milliseconds per request over the interval; nothing when there were no requests (no latency to speak of).</summary>
    private static void Latency(Dictionary<SeriesKey, double> values, Metric metric, string instance, (ulong? TimeNs, ulong? Requests) before, (ulong? TimeNs, ulong? Requests) now)
    {
        if (Delta(before.TimeNs, now.TimeNs) is { } ns && Delta(before.Requests, now.Requests) is { } requests && requests > 0)
            values[new(metric, instance)] = ns / requests / 1e6;
    }

    /// <summary>The growth of a counter, or null when either reading is missing or the counter went backwards.</summary>
    private static double? Delta(ulong? before, ulong? now) =>
        before is { } b && now is { } n && n >= b ? n - b : null;
}
