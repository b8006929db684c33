namespace Portal.Simulator;

/// <summary>
/// The demo's story, from a real incident: on shop-web-01 memory use climbs toward the allocation from 20:15, swap
/// trickles from 20:20, the swap storm and major faults start at 20:45, network traffic falls at 20:50 while its
/// four vCPUs stay near 25% (and dip), disk I/O stays ordinary; the VM is restarted at 21:05 with its memory (and
/// maximum) raised from 4 to 8 GiB. Times are UTC, two days before the demo starts.
/// </summary>
public sealed record DemoIncident(DateTime DayUtc)
{
    public const string VmName = "shop-web-01";
    public const long MemoryBeforeKiB = 4L * 1024 * 1024;
    public const long MemoryAfterKiB = 8L * 1024 * 1024;

    public static DemoIncident TwoDaysBefore(DateTime startUtc) => new(startUtc.Date.AddDays(-2));

    public DateTime PressureFrom => DayUtc.AddHours(20).AddMinutes(15);
    public DateTime SwapTrickle => DayUtc.AddHours(20).AddMinutes(20);
    public DateTime SwapStorm => DayUtc.AddHours(20).AddMinutes(45);
    public DateTime NetworkFalls => DayUtc.AddHours(20).AddMinutes(50);
    public DateTime MemoryRaised => DayUtc.AddHours(21).AddMinutes(4);
    public DateTime Restarted => DayUtc.AddHours(21).AddMinutes(5);
    public DateTime Recovered => DayUtc.AddHours(21).AddMinutes(10);

    /// <summary>The incident's shape on top of the ordinary load; any other VM or time keeps its load.</summary>
    public LoadSample Apply(SimulatedVm vm, DateTime utc, LoadSample load)
    {
        if (vm.Name != VmName || utc < PressureFrom || utc >= Recovered) return load;
        var noise = Workload.Noise(vm.Seed + 77, utc);
        if (utc < SwapStorm)
        {
            // Memory fills up; from 20:20 the first pages go out to swap, a trickle.
            var build = (utc - PressureFrom).TotalMinutes / 30;
            var trickle = utc < SwapTrickle ? 0 : 1 + (utc - SwapTrickle).TotalMinutes / 25;
            return load with
            {
                MemoryUsedFraction = 0.90 + 0.07 * build,
                SwapOutKiBPerSecond = load.SwapOutKiBPerSecond + 3 * trickle,
                SwapInKiBPerSecond = load.SwapInKiBPerSecond + trickle,
                VcpuBusy = Vcpus(vm, 0.25, noise),
            };
        }
        var outage = utc >= NetworkFalls;
        return load with
        {
            MemoryUsedFraction = 0.985,
            SwapOutKiBPerSecond = 45 + 25 * noise,
            SwapInKiBPerSecond = 30 + 20 * noise,
            MajorFaultsPerSecond = 35 + 30 * noise,
            VcpuBusy = Vcpus(vm, outage ? 0.14 : 0.25, noise),
            NetRxBytesPerSecond = outage ? load.NetRxBytesPerSecond * 0.04 : load.NetRxBytesPerSecond,
            NetTxBytesPerSecond = outage ? load.NetTxBytesPerSecond * 0.03 : load.NetTxBytesPerSecond,
        };
    }

    /// <summary>Not one vCPU saturated: each near the same share, as a thrashing guest shows.</summary>
    private static double[] Vcpus(SimulatedVm vm, double level, double noise) =>
        Enumerable.Range(0, vm.Vcpus).Select(i => level + 0.03 * (Workload.Noise(vm.Seed + i, DateTime.UnixEpoch.AddMinutes(i)) - 0.5) + 0.02 * noise).ToArray();

    public long MemoryAt(SimulatedVm vm, DateTime utc) =>
        vm.Name != VmName ? vm.MemoryKiB : utc < Restarted ? MemoryBeforeKiB : MemoryAfterKiB;

    /// <summary>Before the incident the VM's maximum was its memory: 4 GiB could not grow live.</summary>
    public long MaxMemoryAt(SimulatedVm vm, DateTime utc) =>
        vm.Name != VmName ? vm.MaxMemoryKiB : utc < Restarted ? MemoryBeforeKiB : MemoryAfterKiB;
}
