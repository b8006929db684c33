using Portal.Core.Inventory;
using Portal.Libvirt;

namespace Portal.Hypervisor.Tests.Libvirt;

public sealed class StatsMapperTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public void A_full_record_maps_every_group()
    {
        var p = new Dictionary<string, object>
        {
            ["state.state"] = 1L, ["cpu.time"] = 5_000UL, ["cpu.user"] = 4_000UL, ["cpu.system"] = 1_000UL,
            ["balloon.current"] = 196608UL, ["balloon.maximum"] = 262144UL, ["balloon.swap_in"] = 7UL, ["balloon.swap_out"] = 9UL,
            ["balloon.major_fault"] = 3UL, ["balloon.minor_fault"] = 2174UL, ["balloon.unused"] = 129564UL,
            ["balloon.available"] = 157832UL, ["balloon.usable"] = 132956UL, ["balloon.rss"] = 210480UL,
            ["vcpu.current"] = 2L, ["vcpu.maximum"] = 2L,
            ["vcpu.0.state"] = 1L, ["vcpu.0.time"] = 10UL, ["vcpu.0.wait"] = 0UL, ["vcpu.0.delay"] = 2UL,
            ["vcpu.1.state"] = 1L, ["vcpu.1.time"] = 20UL, ["vcpu.1.wait"] = 1UL, ["vcpu.1.delay"] = 3UL,
            ["net.count"] = 1L, ["net.0.name"] = "vnet0", ["net.0.rx.bytes"] = 586UL, ["net.0.rx.pkts"] = 7UL,
            ["net.0.rx.errs"] = 0UL, ["net.0.rx.drop"] = 0UL, ["net.0.tx.bytes"] = 642UL, ["net.0.tx.pkts"] = 9UL,
            ["net.0.tx.errs"] = 0UL, ["net.0.tx.drop"] = 1UL,
            ["block.count"] = 2L, ["block.0.name"] = "vda", ["block.0.rd.reqs"] = 36UL, ["block.0.rd.bytes"] = 4461056UL,
            ["block.0.wr.reqs"] = 1UL, ["block.0.wr.bytes"] = 512UL, ["block.0.rd.times"] = 51_234_567UL, ["block.0.wr.times"] = 880_000UL,
            // a backing image of vda: same name, no I/O of its own
            ["block.1.name"] = "vda", ["block.1.backingIndex"] = 1L,
        };

        var s = StatsMapper.Map(Id, p);

        Assert.Equal(VmState.Running, s.State);
        Assert.Equal((5_000UL, 4_000UL, 1_000UL), (s.Cpu!.TimeNs, s.Cpu.UserNs, s.Cpu.SystemNs));
        Assert.Equal([(0, 10UL, 2UL), (1, 20UL, 3UL)], s.Vcpus.Select(v => (v.Index, v.TimeNs!.Value, v.DelayNs!.Value)));
        Assert.Equal((196608L, 7UL, 9UL, 3UL, 210480L), (s.Balloon!.CurrentKiB!.Value, s.Balloon.SwapInKiB!.Value, s.Balloon.SwapOutKiB!.Value, s.Balloon.MajorFaults!.Value, s.Balloon.RssKiB!.Value));
        var net = Assert.Single(s.Nets);
        Assert.Equal(("vnet0", 586UL, 642UL, 1UL), (net.Device, net.RxBytes!.Value, net.TxBytes!.Value, net.TxDrops!.Value));
        var block = Assert.Single(s.Blocks);
        Assert.Equal(("vda", 4461056UL, 36UL, 512UL, 1UL), (block.Target, block.ReadBytes!.Value, block.ReadRequests!.Value, block.WriteBytes!.Value, block.WriteRequests!.Value));
        Assert.Equal((51_234_567UL, 880_000UL), (block.ReadTimeNs!.Value, block.WriteTimeNs!.Value));
    }

    [Fact]
    public void Missing_groups_and_values_stay_absent()
    {
        var s = StatsMapper.Map(Id, new Dictionary<string, object> { ["state.state"] = 5L, ["net.count"] = 1L, ["net.0.name"] = "vnet3" });

        Assert.Equal(VmState.ShutOff, s.State);
        Assert.Null(s.Cpu);
        Assert.Null(s.Balloon);
        Assert.Empty(s.Vcpus);
        Assert.Empty(s.Blocks);
        var net = Assert.Single(s.Nets);
        Assert.Null(net.RxBytes);
    }

    [Fact]
    public void An_offline_vcpu_has_no_entry_and_a_strange_state_is_unknown()
    {
        var s = StatsMapper.Map(Id, new Dictionary<string, object>
        {
            ["state.state"] = 99L, ["vcpu.maximum"] = 4L, ["vcpu.current"] = 2L,
            ["vcpu.0.state"] = 1L, ["vcpu.0.time"] = 1UL, ["vcpu.2.state"] = 1L, ["vcpu.2.time"] = 5UL,
        });

        Assert.Equal(VmState.Unknown, s.State);
        Assert.Equal([0, 2], s.Vcpus.Select(v => v.Index));
    }
}
