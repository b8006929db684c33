using System.Globalization;
using Portal.Core.Metrics;

namespace Portal.Simulator;

/// <summary>
/// The series values the demo fleet would have produced: the same load model the simulated hosts run on, sampled
/// at the collector's interval, with the incident laid over it. VMs that are off now were on until five days ago.
/// </summary>
public static class DemoHistory
{
    public static readonly TimeSpan OffFor = TimeSpan.FromDays(5);

    /// <summary>The VM's samples in [from, to); <paramref name="nowUtc"/> is when the demo starts.</summary>
    public static IEnumerable<(DateTime Time, Dictionary<SeriesKey, double> Values)> For(
        SimulatedVm vm, DateTime fromUtc, DateTime toUtc, DateTime nowUtc, TimeSpan step, DemoIncident incident)
    {
        // The current step is the collector's (its first sweep lands there); a VM that is off now went off earlier.
        var lastOn = QueryPlan.Floor(vm.InitialState == Core.Inventory.VmState.Running ? nowUtc : nowUtc - OffFor, step);
        var end = toUtc < lastOn ? toUtc : lastOn;
        var disks = vm.InitialDisks();
        for (var t = QueryPlan.Floor(fromUtc, step) + step; t < end; t += step)
        {
            // The restart itself leaves one step without counters: a gap, as the collector would record it.
            if (t >= incident.Restarted && t < incident.Restarted + step && vm.Name == DemoIncident.VmName) continue;
            var load = incident.Apply(vm, t, Workload.At(vm, t));
            yield return (t, Values(vm, load, disks, incident.MemoryAt(vm, t), incident.MaxMemoryAt(vm, t)));
        }
    }

    private static Dictionary<SeriesKey, double> Values(SimulatedVm vm, LoadSample load, IReadOnlyList<Core.Hypervisor.DomainDisk> disks, long memoryKiB, long maxMemoryKiB)
    {
        var values = new Dictionary<SeriesKey, double>(32);
        var total = 0.0;
        for (var i = 0; i < load.VcpuBusy.Length; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            values[new(Metric.VcpuPercent, index)] = load.VcpuBusy[i] * 100;
            values[new(Metric.VcpuStealPercent, index)] = load.Steal * 100;
            total += load.VcpuBusy[i] * 100;
        }
        values[new(Metric.CpuPercent)] = total + 1; // plus the emulator's own overhead, as cpu.time includes it

        var used = Math.Min(memoryKiB, vm.WorkingSet * load.MemoryUsedFraction);
        values[new(Metric.MemoryAllocationKiB)] = memoryKiB;
        values[new(Metric.MemoryMaximumKiB)] = maxMemoryKiB;
        values[new(Metric.MemoryAvailableKiB)] = memoryKiB;
        values[new(Metric.MemoryUsedKiB)] = used;
        values[new(Metric.MemoryRssKiB)] = Math.Min(memoryKiB, used + memoryKiB * 0.08);
        values[new(Metric.SwapInKiBPerSecond)] = load.SwapInKiBPerSecond;
        values[new(Metric.SwapOutKiBPerSecond)] = load.SwapOutKiBPerSecond;
        values[new(Metric.MajorFaultsPerSecond)] = load.MajorFaultsPerSecond;

        for (var d = 0; d < disks.Count; d++)
        {
            var share = disks.Count == 1 ? 1.0 : d == 0 ? 0.2 : 0.8 / (disks.Count - 1);
            var target = disks[d].Target;
            values[new(Metric.DiskReadBytesPerSecond, target)] = load.DiskReadBytesPerSecond * share;
            values[new(Metric.DiskWriteBytesPerSecond, target)] = load.DiskWriteBytesPerSecond * share;
            values[new(Metric.DiskReadRequestsPerSecond, target)] = load.DiskReadBytesPerSecond * share / LoadSample.BytesPerDiskRequest;
            values[new(Metric.DiskWriteRequestsPerSecond, target)] = load.DiskWriteBytesPerSecond * share / LoadSample.BytesPerDiskRequest;
            values[new(Metric.DiskReadLatencyMs, target)] = load.DiskReadLatencyMs;
            values[new(Metric.DiskWriteLatencyMs, target)] = load.DiskWriteLatencyMs;
        }

        var mac = vm.Mac;
        values[new(Metric.NetRxBytesPerSecond, mac)] = load.NetRxBytesPerSecond;
        values[new(Metric.NetTxBytesPerSecond, mac)] = load.NetTxBytesPerSecond;
        values[new(Metric.NetRxPacketsPerSecond, mac)] = load.NetRxBytesPerSecond / LoadSample.BytesPerPacket;
        values[new(Metric.NetTxPacketsPerSecond, mac)] = load.NetTxBytesPerSecond / LoadSample.BytesPerPacket;
        foreach (var metric in new[] { Metric.NetRxErrorsPerSecond, Metric.NetTxErrorsPerSecond, Metric.NetRxDropsPerSecond, Metric.NetTxDropsPerSecond })
            values[new(metric, mac)] = 0;
        return values;
    }
}
