using Portal.Core.Hypervisor;

namespace Portal.Simulator;

/// <summary>Cumulative counters since the domain's last start, as QEMU keeps them (they reset on restart).</summary>
internal sealed class DomainCounters(int vcpus)
{
    private readonly Dictionary<string, double[]> _blocks = new(StringComparer.Ordinal);

    public double[] VcpuTimeNs { get; } = new double[vcpus];
    public double[] VcpuWaitNs { get; } = new double[vcpus];
    public double[] VcpuDelayNs { get; } = new double[vcpus];
    public double CpuOverheadNs { get; set; }
    public double RxBytes { get; set; }
    public double TxBytes { get; set; }
    public double SwapInKiB { get; set; }
    public double SwapOutKiB { get; set; }
    public double MajorFaults { get; set; }
    public double MinorFaults { get; set; }
    public double MemoryUsedFraction { get; set; } = 0.5;

    /// <summary>Read bytes, read requests, written bytes, write requests, read time and write time (ns) of a disk target.</summary>
    public double[] Block(string target) =>
        _blocks.TryGetValue(target, out var b) ? b : _blocks[target] = new double[6];

    public void Forget(string target) => _blocks.Remove(target);

    public void Advance(LoadSample load, double seconds, IReadOnlyList<DomainDisk> disks)
    {
        const double ns = 1e9;
        for (var i = 0; i < VcpuTimeNs.Length; i++)
        {
            VcpuTimeNs[i] += load.VcpuBusy[i] * seconds * ns;
            VcpuWaitNs[i] += (1 - load.VcpuBusy[i]) * seconds * ns;
            VcpuDelayNs[i] += load.Steal * seconds * ns;
        }
        CpuOverheadNs += 0.01 * seconds * ns;
        RxBytes += load.NetRxBytesPerSecond * seconds;
        TxBytes += load.NetTxBytesPerSecond * seconds;
        SwapInKiB += load.SwapInKiBPerSecond * seconds;
        SwapOutKiB += load.SwapOutKiBPerSecond * seconds;
        MajorFaults += load.MajorFaultsPerSecond * seconds;
        MinorFaults += 200 * seconds;
        MemoryUsedFraction = load.MemoryUsedFraction;

        // The root disk takes a fifth of the I/O, the data disks share the rest.
        for (var d = 0; d < disks.Count; d++)
        {
            var share = disks.Count == 1 ? 1.0 : d == 0 ? 0.2 : 0.8 / (disks.Count - 1);
            var b = Block(disks[d].Target);
            var reads = load.DiskReadBytesPerSecond * share * seconds / LoadSample.BytesPerDiskRequest;
            var writes = load.DiskWriteBytesPerSecond * share * seconds / LoadSample.BytesPerDiskRequest;
            b[0] += load.DiskReadBytesPerSecond * share * seconds;
            b[1] += reads;
            b[2] += load.DiskWriteBytesPerSecond * share * seconds;
            b[3] += writes;
            b[4] += reads * load.DiskReadLatencyMs * 1e6;
            b[5] += writes * load.DiskWriteLatencyMs * 1e6;
        }
    }
}
