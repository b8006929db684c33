using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests;

/// <summary>The simulator's guests and the power button: answered later, or never, as real guests do.</summary>
public class SimulatorPowerTests
{
    private static readonly SimulatedVm Web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static SimulatedHost Host(TimeSpan powerButtonDelay) =>
        new("sim://t", [Web], new SimulatorOptions { PowerButtonDelay = powerButtonDelay, UnplugDelay = TimeSpan.FromMilliseconds(20) }, TimeProvider.System);

    [Fact]
    public async Task A_guest_answers_the_power_button_after_a_while_and_the_request_returns_before()
    {
        await using var host = Host(TimeSpan.FromMilliseconds(200));
        using var events = new EventLog(host, Web.Uuid);

        await host.PowerAsync(Web.Uuid, PowerAction.Shutdown);
        var rightAfter = (await host.GetDomainAsync(Web.Uuid)).State;
        await events.WaitForAsync(e => e.Kind == DomainEventKind.Stopped, Patience);

        Assert.Equal(VmState.Running, rightAfter);
        Assert.Equal([DomainEventKind.Shutdown, DomainEventKind.Stopped], events.Since(0).Select(e => e.Kind));
        Assert.Equal(VmState.ShutOff, (await host.GetDomainAsync(Web.Uuid)).State);
    }

    [Fact]
    public async Task A_guest_that_ignores_the_power_button_neither_shuts_down_nor_reboots_and_a_power_cycle_forces_it_off()
    {
        await using var host = Host(TimeSpan.Zero);
        host.SetGuestIgnoresPowerButton(Web.Uuid, true);
        using var events = new EventLog(host, Web.Uuid);

        await host.PowerAsync(Web.Uuid, PowerAction.Shutdown);
        await host.PowerAsync(Web.Uuid, PowerAction.Reboot);
        var still = (await host.GetDomainAsync(Web.Uuid)).State;
        await host.PowerCycleAsync(Web.Uuid, TimeSpan.FromMilliseconds(100));
        await events.WaitForAsync(e => e.Kind == DomainEventKind.Started, Patience);

        Assert.Equal(VmState.Running, still);
        Assert.Equal([(DomainEventKind.Stopped, LifecycleDetail.Destroyed), (DomainEventKind.Started, LifecycleDetail.Booted)],
            events.Since(0).Select(e => (e.Kind, e.Detail)));
    }

    [Fact]
    public async Task A_guest_that_recovers_releases_the_disk_it_was_asked_for()
    {
        await using var host = Host(TimeSpan.Zero);
        host.SetGuestIgnoresUnplug(Web.Uuid, true);
        using var events = new EventLog(host, Web.Uuid);
        var pending = await host.DetachDiskAsync(Web.Uuid, "vdb", TimeSpan.FromMilliseconds(100));

        host.SetGuestIgnoresUnplug(Web.Uuid, false);
        var removed = await events.WaitForAsync(e => e.Kind == DomainEventKind.DeviceRemoved, Patience);

        Assert.Equal(DetachOutcome.PendingInGuest, pending.Outcome);
        Assert.Equal("vdb", removed.Device);
        Assert.DoesNotContain((await host.GetDomainAsync(Web.Uuid)).Disks, d => d.Target == "vdb");
    }

    [Fact]
    public async Task A_reboot_is_the_guest_s_reset_alone()
    {
        await using var host = Host(TimeSpan.Zero);
        using var events = new EventLog(host, Web.Uuid);

        await host.PowerAsync(Web.Uuid, PowerAction.Reboot);
        await host.PowerAsync(Web.Uuid, PowerAction.Destroy);
        await events.WaitForAsync(e => e.Kind == DomainEventKind.Stopped, Patience);

        Assert.Equal([DomainEventKind.Rebooted, DomainEventKind.Stopped], events.Since(0).Select(e => e.Kind));
    }
}
