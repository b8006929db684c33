using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Hypervisor.Tests;

/// <summary>Power actions and device events, as the host reports them.</summary>
public abstract partial class HypervisorContract
{
    [Fact]
    public async Task Each_power_action_is_confirmed_by_the_host_s_event_and_a_shutdown_ends_in_one_stop()
    {
        await using var own = await BootOwnDomainAsync();
        using var events = new EventLog(Connection, own.Uuid);

        // A reboot: the guest's reset, and no lifecycle event (the domain stays the same, running).
        await Connection.PowerAsync(own.Uuid, PowerAction.Reboot);
        await events.WaitForAsync(e => e.Kind == DomainEventKind.Rebooted, GuestWait);
        await own.BootedAsync(2);
        Assert.Equal(VmState.Running, (await Connection.GetDomainAsync(own.Uuid)).State);

        // A shutdown: the guest answers the power button, finishes, and the domain stops.
        var shutdownFrom = events.Count;
        await Connection.PowerAsync(own.Uuid, PowerAction.Shutdown);
        var stopped = await events.WaitForAsync(e => e.Kind == DomainEventKind.Stopped, GuestWait);
        Assert.Equal(LifecycleDetail.ShutDown, stopped.Detail);
        Assert.Equal(VmState.ShutOff, (await Connection.GetDomainAsync(own.Uuid)).State);
        Assert.Equal([DomainEventKind.Shutdown, DomainEventKind.Stopped], events.Since(shutdownFrom).Select(e => e.Kind).Where(IsLifecycle));

        await Connection.PowerAsync(own.Uuid, PowerAction.Start);
        Assert.Equal(LifecycleDetail.Booted, (await events.WaitForAsync(e => e.Kind == DomainEventKind.Started, GuestWait)).Detail);

        await Connection.PowerAsync(own.Uuid, PowerAction.Destroy);
        await events.WaitForAsync(e => e.Kind == DomainEventKind.Stopped && e.Detail == LifecycleDetail.Destroyed, GuestWait);
        Assert.Equal(VmState.ShutOff, (await Connection.GetDomainAsync(own.Uuid)).State);
        // One reboot, one event (QEMU resets the guest more than once when it reboots).
        Assert.Single(events.Since(0), e => e.Kind == DomainEventKind.Rebooted);
    }

    [Fact]
    public async Task Device_events_name_a_disk_by_its_target()
    {
        using var events = new EventLog(Connection, RunningDomain);
        var target = DiskTargets.Propose(DiskBus.Virtio, (await Connection.GetDomainAsync(RunningDomain)).Disks.Select(d => d.Target));
        var spec = DiskSources.SpecFor(await ListedImageAsync("raw"), target, DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, null);

        await Connection.AttachDiskAsync(RunningDomain, spec, ChangeScope.LiveAndPersistent);
        var added = await events.WaitForAsync(e => e.Kind == DomainEventKind.DeviceAdded, GuestWait);
        var result = await Connection.DetachDiskAsync(RunningDomain, target, GuestWait);
        var removed = await events.WaitForAsync(e => e.Kind == DomainEventKind.DeviceRemoved, GuestWait);

        Assert.Equal(DetachOutcome.Removed, result.Outcome);
        Assert.Equal((target, target), (added.Device, removed.Device));
    }

    private static bool IsLifecycle(DomainEventKind kind) =>
        kind is DomainEventKind.Started or DomainEventKind.Stopped or DomainEventKind.Shutdown or DomainEventKind.Suspended
            or DomainEventKind.Resumed or DomainEventKind.Crashed;
}
