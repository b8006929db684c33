namespace Portal.Simulator;

/// <summary>
/// A deterministic load model: the same VM at the same instant always gives the same load, so live stats and
/// generated history agree. Rhythm comes from the time of day and week; noise from a hash of the time bucket,
/// interpolated so that it is smooth at any sampling interval.
/// </summary>
public static class Workload
{
    private static readonly TimeSpan NoiseBucket = TimeSpan.FromMinutes(5);

    public static LoadSample At(SimulatedVm vm, DateTime utc)
    {
        var activity = Activity(vm.Workload, utc);
        var busy = new double[vm.Vcpus];
        for (var i = 0; i < busy.Length; i++)
        {
            var jitter = 0.75 + 0.5 * Noise(vm.Seed + 101 * (i + 1), utc);
            busy[i] = Math.Clamp(BaseCpu(vm.Workload) * activity * jitter, 0.005, 0.98);
        }

        var noise = 0.7 + 0.6 * Noise(vm.Seed, utc);
        var (netScale, diskScale) = Scales(vm.Workload);
        return new LoadSample(
            VcpuBusy: busy,
            Steal: 0.002 + 0.01 * Noise(vm.Seed + 7, utc) * activity,
            NetRxBytesPerSecond: netScale * 0.35 * activity * noise,
            NetTxBytesPerSecond: netScale * activity * noise,
            DiskReadBytesPerSecond: diskScale * 0.6 * activity * noise,
            DiskWriteBytesPerSecond: diskScale * 0.4 * (0.3 + activity) * noise,
            SwapInKiBPerSecond: 0.5 * Noise(vm.Seed + 13, utc),
            SwapOutKiBPerSecond: 0.8 * Noise(vm.Seed + 17, utc),
            MajorFaultsPerSecond: 0.2 * Noise(vm.Seed + 19, utc),
            MemoryUsedFraction: Math.Clamp(0.45 + 0.25 * activity + 0.05 * Noise(vm.Seed + 23, utc), 0.2, 0.9),
            // A request waits a little longer when the disk is busier: about a millisecond, a few at peak.
            DiskReadLatencyMs: 0.5 + 1.5 * activity * noise,
            DiskWriteLatencyMs: 1.0 + 2.5 * activity * noise);
    }

    /// <summary>0..1: how busy this kind of VM is at this time of day and week.</summary>
    public static double Activity(WorkloadKind kind, DateTime utc)
    {
        var hour = utc.Hour + utc.Minute / 60.0;
        var weekend = utc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return kind switch
        {
            WorkloadKind.Web or WorkloadKind.Database => (0.15 + 0.85 * Bell(hour, 20, 5)) * (weekend ? 0.75 : 1.0),
            WorkloadKind.Batch => 0.08 + 0.92 * Window(hour, 1, 5),
            WorkloadKind.Dev => weekend ? 0.04 : 0.05 + 0.9 * Window(hour, 8.5, 18) * (0.6 + 0.4 * Bell(hour, 14, 3)),
            _ => 0.2,
        };
    }

    private static double BaseCpu(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Web => 0.35,
        WorkloadKind.Database => 0.45,
        WorkloadKind.Batch => 0.85,
        _ => 0.4,
    };

    private static (double Net, double Disk) Scales(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Web => (4_000_000, 1_500_000),
        WorkloadKind.Database => (2_500_000, 12_000_000),
        WorkloadKind.Batch => (800_000, 40_000_000),
        _ => (300_000, 2_000_000),
    };

    /// <summary>A bump centred on <paramref name="peak"/> hours, wrapping round midnight.</summary>
    private static double Bell(double hour, double peak, double width)
    {
        var d = Math.Abs(hour - peak);
        d = Math.Min(d, 24 - d);
        return Math.Exp(-(d * d) / (2 * width * width));
    }

    /// <summary>1 inside [from, to) hours with soft half-hour edges, 0 outside.</summary>
    private static double Window(double hour, double from, double to) =>
        Math.Clamp(Math.Min(hour - from, to - hour) * 2 + 0.5, 0, 1);

    /// <summary>Smooth pseudo-random noise in 0..1.</summary>
    public static double Noise(int seed, DateTime utc)
    {
        var bucket = utc.Ticks / NoiseBucket.Ticks;
        var t = (utc.Ticks % NoiseBucket.Ticks) / (double)NoiseBucket.Ticks;
        var a = Hash01(seed, bucket);
        var b = Hash01(seed, bucket + 1);
        return a + (b - a) * (t * t * (3 - 2 * t));
    }

    private static double Hash01(int seed, long bucket)
    {
        var x = (ulong)bucket * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed * 0xC2B2AE3D27D4EB4FUL;
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
