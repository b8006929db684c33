using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;

namespace Portal.Core.Tests;

public class RateCalculatorTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 20, 0, 0, DateTimeKind.Utc);
    private const string MacA = "52:54:00:00:00:0a", MacB = "52:54:00:00:00:0b";

    private static string? Mac(string tap) => tap switch { "vnet1" => MacA, "vnet2" => MacB, "vnet9" => MacA, _ => null };

    private static DomainStats Stats(ulong cpuNs, ulong vcpuNs = 0, ulong read = 0, ulong rx = 0, string tapA = "vnet1",
        ulong rxB = 0, ulong swapOut = 0, IReadOnlyList<BlockCounters>? blocks = null, bool balloon = true) =>
        new(Guid.Empty, VmState.Running,
            new CpuCounters(cpuNs, null, null),
            [new VcpuCounters(0, vcpuNs, 0, vcpuNs / 100), new VcpuCounters(1, vcpuNs / 2, 0, 0)],
            balloon ? new BalloonCounters(4_194_304, 4_194_304, 0, swapOut, 0, 0, 1_000_000, 4_000_000, 1_500_000, 3_000_000) : null,
            [new NetCounters(tapA, rx, rx / 1000, 0, 0, rx * 2, 0, 0, 0), new NetCounters("vnet2", rxB, 0, 0, 0, 0, 0, 0, 0)],
            blocks ?? [new BlockCounters("vda", read, read / 4096, 0, 0)]);

    private static Dictionary<SeriesKey, double> Rates(DomainStats before, DomainStats now, double seconds = 300, bool restarted = false) =>
        RateCalculator.Compute((T0, before), T0.AddSeconds(seconds), now, Mac, restarted);

    [Fact]
    public void Counter_deltas_become_rates_per_second_and_percent_of_a_core()
    {
        var r = Rates(Stats(0, 0, 0, 0, swapOut: 0), Stats(600_000_000_000, 150_000_000_000, 3_000_000, 300_000, swapOut: 1500));

        Assert.Equal(200, r[new(Metric.CpuPercent)], 6);               // 600 s of CPU in 300 s: two cores' worth
        Assert.Equal(50, r[new(Metric.VcpuPercent, "0")], 6);
        Assert.Equal(25, r[new(Metric.VcpuPercent, "1")], 6);
        Assert.Equal(0.5, r[new(Metric.VcpuStealPercent, "0")], 6);
        Assert.Equal(10_000, r[new(Metric.DiskReadBytesPerSecond, "vda")], 6);
        Assert.Equal(1000, r[new(Metric.NetRxBytesPerSecond, MacA)], 6);
        Assert.Equal(2000, r[new(Metric.NetTxBytesPerSecond, MacA)], 6);
        Assert.Equal(5, r[new(Metric.SwapOutKiBPerSecond)], 6);
        Assert.Equal(2_500_000, r[new(Metric.MemoryUsedKiB)]);          // available - usable
        Assert.Equal(4_194_304, r[new(Metric.MemoryAllocationKiB)]);
    }

    [Fact]
    public void Irregular_intervals_divide_by_the_real_elapsed_time()
    {
        var r = Rates(Stats(0, read: 0), Stats(0, read: 1_000_000), seconds: 437);

        Assert.Equal(1_000_000 / 437.0, r[new(Metric.DiskReadBytesPerSecond, "vda")], 9);
    }

    [Fact]
    public void A_restarted_vm_gives_a_gap_never_a_spike_or_a_negative_rate()
    {
        var backwards = Rates(Stats(900_000_000_000, 400_000_000_000, 9_000_000, 900_000), Stats(5_000_000_000, 1_000_000_000, 10_000, 500));
        var flagged = Rates(Stats(1, 1, 1, 1), Stats(900_000_000_000, 400_000_000_000, 9_000_000, 900_000), restarted: true);

        foreach (var r in new[] { backwards, flagged })
        {
            Assert.DoesNotContain(r.Keys, k => k.Metric is Metric.CpuPercent or Metric.VcpuPercent or Metric.DiskReadBytesPerSecond or Metric.NetRxBytesPerSecond);
            Assert.True(r.ContainsKey(new(Metric.MemoryAllocationKiB))); // gauges need no previous reading
            Assert.All(r.Values, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void A_replugged_disk_restarts_its_own_counters_and_only_it_gets_a_gap()
    {
        var before = Stats(0, blocks: [new("vda", 5_000_000, 10, 0, 0), new("vdb", 9_000_000, 10, 0, 0)]);
        var after = Stats(300_000_000_000, blocks: [new("vda", 8_000_000, 20, 0, 0), new("vdb", 4096, 1, 0, 0)]);

        var r = Rates(before, after);

        Assert.True(r.ContainsKey(new(Metric.DiskReadBytesPerSecond, "vda")));
        Assert.False(r.ContainsKey(new(Metric.DiskReadBytesPerSecond, "vdb")));
        Assert.Equal(100, r[new(Metric.CpuPercent)], 6);
    }

    [Fact]
    public void Nics_are_matched_by_mac_whatever_their_order_or_tap_name()
    {
        var before = Stats(0, rx: 1_000, rxB: 50_000);
        var now = new DomainStats(Guid.Empty, VmState.Running, new CpuCounters(0, null, null), [], null,
            [new NetCounters("vnet2", 80_000, 0, 0, 0, 0, 0, 0, 0), new NetCounters("vnet9", 31_000, 0, 0, 0, 0, 0, 0, 0)], []);

        var r = Rates(before, now, seconds: 10);

        Assert.Equal(3_000, r[new(Metric.NetRxBytesPerSecond, MacA)], 6);
        Assert.Equal(3_000, r[new(Metric.NetRxBytesPerSecond, MacB)], 6);
    }

    [Fact]
    public void Missing_groups_are_absent_not_zero()
    {
        var bare = new DomainStats(Guid.Empty, VmState.Running, null, [], null, [], []);

        var first = RateCalculator.Compute(null, T0, Stats(5), Mac);
        var none = Rates(bare, bare);

        Assert.DoesNotContain(first.Keys, k => k.Metric == Metric.CpuPercent); // the first reading has nothing to compare
        Assert.Empty(none);
    }

    [Fact]
    public void Disk_latency_is_time_spent_per_request_and_an_idle_disk_has_none()
    {
        // 200 reads took 1.6 s in all: 8 ms each; no writes at all in the interval.
        var before = Stats(0, blocks: [new BlockCounters("vda", 0, 1_000, 0, 50, ReadTimeNs: 2_000_000_000, WriteTimeNs: 90_000_000)]);
        var now = Stats(0, blocks: [new BlockCounters("vda", 0, 1_200, 0, 50, ReadTimeNs: 3_600_000_000, WriteTimeNs: 90_000_000)]);

        var r = Rates(before, now);

        Assert.Equal(8, r[new(Metric.DiskReadLatencyMs, "vda")], 9);
        Assert.False(r.ContainsKey(new(Metric.DiskWriteLatencyMs, "vda")), "no requests, no latency (a gap, not zero)");
    }

    [Fact]
    public void The_balloon_s_maximum_is_kept_as_a_gauge()
    {
        var first = RateCalculator.Compute(null, T0, Stats(5), Mac);

        Assert.Equal(4_194_304, first[new(Metric.MemoryMaximumKiB)]);
    }
}
