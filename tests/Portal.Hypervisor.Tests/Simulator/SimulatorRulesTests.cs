using Portal.Testing;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests;

/// <summary>Behaviour only the simulator can show on demand: a hung guest, counters under a controlled clock.</summary>
public class SimulatorRulesTests
{
    private static readonly SimulatedVm Web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");

    private static SimulatedHost Host(TimeProvider time) =>
        new("sim://t", [Web], new SimulatorOptions { UnplugDelay = TimeSpan.FromMilliseconds(20) }, time);

    [Fact]
    public async Task Native_io_without_direct_io_is_refused_like_qemu_does()
    {
        await using var host = Host(TimeProvider.System);
        var spec = new DiskSpec("/srv/x.raw", "vdd", DiskBus.Virtio, DiskFormat.Raw, DiskCache.Writeback, DiskIo.Native, false, null);

        var error = await Assert.ThrowsAsync<HypervisorException>(() => host.AttachDiskAsync(Web.Uuid, spec, ChangeScope.LiveAndPersistent));

        Assert.Contains("io='native' needs either no disk cache or directsync", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await host.GetDomainAsync(Web.Uuid)).Disks, d => d.Target == "vdd");
    }

    [Fact]
    public async Task A_guest_that_does_not_release_the_disk_leaves_it_pending()
    {
        await using var host = Host(TimeProvider.System);
        host.SetGuestIgnoresUnplug(Web.Uuid, true);

        var result = await host.DetachDiskAsync(Web.Uuid, "vdb", TimeSpan.FromMilliseconds(200));

        Assert.Equal(DetachOutcome.PendingInGuest, result.Outcome);
        Assert.Contains((await host.GetDomainAsync(Web.Uuid)).Disks, d => d.Target == "vdb");
    }

    [Fact]
    public async Task Detach_is_confirmed_by_a_device_removed_event()
    {
        await using var host = Host(TimeProvider.System);
        var events = new List<DomainEvent>();
        host.EventReceived += e => { lock (events) events.Add(e); };

        await host.DetachDiskAsync(Web.Uuid, "vdb", TimeSpan.FromSeconds(10));

        lock (events) Assert.Contains(events, e => e.Kind == DomainEventKind.DeviceRemoved && e.Device == "vdb");
    }

    [Fact]
    public async Task Raised_maximum_applies_only_after_a_power_cycle()
    {
        await using var host = Host(TimeProvider.System);
        const long eightGiB = 8L * 1024 * 1024;

        await host.SetMemoryConfigAsync(Web.Uuid, eightGiB, eightGiB);
        var before = await host.GetDomainAsync(Web.Uuid);
        await host.PowerCycleAsync(Web.Uuid, TimeSpan.FromSeconds(5));
        var after = await host.GetDomainAsync(Web.Uuid);

        Assert.Equal(Web.MaxMemoryKiB, before.MaxMemoryKiB);
        Assert.Equal((eightGiB, eightGiB, VmState.Running), (after.MaxMemoryKiB, after.MemoryKiB, after.State));
    }

    [Fact]
    public async Task Memory_set_for_the_next_start_stays_pending_through_a_reboot_and_is_no_pending_change_when_shut_off()
    {
        await using var host = Host(TimeProvider.System);
        const long twelveGiB = 12L * 1024 * 1024;

        await host.SetMemoryConfigAsync(Web.Uuid, twelveGiB, twelveGiB);
        await host.PowerAsync(Web.Uuid, PowerAction.Reboot);
        var rebooted = await host.GetDomainAsync(Web.Uuid);
        await host.PowerAsync(Web.Uuid, PowerAction.Destroy);
        var off = await host.GetDomainAsync(Web.Uuid);

        // A reboot stays in the same QEMU process: only a start applies the persistent definition.
        Assert.Equal((Web.MemoryKiB, Web.MaxMemoryKiB), (rebooted.MemoryKiB, rebooted.MaxMemoryKiB));
        Assert.Equal((twelveGiB, twelveGiB), (rebooted.NextStartMemoryKiB, rebooted.NextStartMaxMemoryKiB));
        Assert.Equal((twelveGiB, twelveGiB, VmState.ShutOff), (off.MemoryKiB, off.MaxMemoryKiB, off.State));
        Assert.Null(off.NextStartMemoryKiB);
        Assert.Null(off.NextStartMaxMemoryKiB);
    }

    [Fact]
    public async Task Counters_follow_the_clock_and_restart_from_zero_with_the_domain()
    {
        var time = new ManualClock(new DateTimeOffset(2026, 11, 2, 20, 0, 0, TimeSpan.Zero));
        await using var host = Host(time);

        await host.GetStatsAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        var busy = (await host.GetStatsAsync()).Domains.Single();
        await host.PowerAsync(Web.Uuid, PowerAction.Reboot);
        var restarted = (await host.GetStatsAsync()).Domains.Single();

        // Five minutes of a web server's evening peak on four vCPUs: well above idle, below saturation.
        var seconds = 300.0;
        var cpuPercent = busy.Cpu!.TimeNs / (seconds * 1e9) * 100;
        Assert.InRange(cpuPercent, 20, 4 * 100);
        Assert.True(busy.Nets.Single().TxBytes > 100_000_000UL);
        Assert.True(restarted.Cpu!.TimeNs < busy.Cpu.TimeNs);
    }

    [Fact]
    public async Task A_host_marked_down_cannot_be_opened()
    {
        var connector = new SimulatorConnector(new SimulatorOptions(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<HypervisorException>(() => connector.OpenAsync("sim://node-x?down"));

        Assert.Equal(HypervisorErrorKind.ConnectionFailed, error.Kind);
    }
}
