using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Core.Tests;

public class VmEventRulesTests
{
    private static DomainEvent Event(DomainEventKind kind, string? device = null, string? detail = null) =>
        new(Guid.NewGuid(), DateTime.UtcNow, kind, device, Detail: detail);

    [Fact]
    public void The_end_of_a_vm_is_one_mark_its_stop_not_the_guest_s_shutdown_before_it()
    {
        Assert.Null(VmEventRules.KindOf(Event(DomainEventKind.Shutdown, detail: LifecycleDetail.ByGuest)));
        Assert.Equal(VmEventKind.Stopped, VmEventRules.KindOf(Event(DomainEventKind.Stopped, detail: LifecycleDetail.ShutDown)));
    }

    [Fact]
    public void A_reboot_is_marked_as_a_restart_and_a_start_as_a_start()
    {
        Assert.Equal(VmEventKind.Restarted, VmEventRules.KindOf(Event(DomainEventKind.Rebooted)));
        Assert.Equal(VmEventKind.Started, VmEventRules.KindOf(Event(DomainEventKind.Started, detail: LifecycleDetail.Booted)));
        Assert.Null(VmEventRules.KindOf(Event(DomainEventKind.BalloonChanged)));
        Assert.Null(VmEventRules.KindOf(Event(DomainEventKind.Defined)));
    }

    [Theory]
    [InlineData("vdb", VmEventKind.DiskAdded)]
    [InlineData("sdc", VmEventKind.DiskAdded)]
    [InlineData("virtio-disk1", VmEventKind.DiskAdded)]
    [InlineData("scsi0-0-0-1", VmEventKind.DiskAdded)]
    [InlineData("52:54:00:ab:cd:ef", VmEventKind.NicAdded)]
    [InlineData("net1", VmEventKind.NicAdded)]
    public void Devices_are_told_apart_by_their_names(string device, VmEventKind kind)
    {
        Assert.Equal(kind, VmEventRules.KindOf(Event(DomainEventKind.DeviceAdded, device)));
    }

    [Theory]
    [InlineData("rng0")]
    [InlineData("balloon0")]
    [InlineData("video0")]
    public void Other_devices_are_not_marked(string device)
    {
        Assert.Null(VmEventRules.KindOf(Event(DomainEventKind.DeviceAdded, device)));
    }

    [Fact]
    public void A_disk_mark_names_its_target_and_a_stop_says_why()
    {
        Assert.Equal("vdb", VmEventRules.DetailOf(Event(DomainEventKind.DeviceRemoved, "vdb")));
        Assert.Equal("forced off", VmEventRules.DetailOf(Event(DomainEventKind.Stopped, detail: LifecycleDetail.Destroyed)));
        Assert.Equal("clean shutdown", VmEventRules.DetailOf(Event(DomainEventKind.Stopped, detail: LifecycleDetail.ShutDown)));
        Assert.Null(VmEventRules.DetailOf(Event(DomainEventKind.Started, detail: LifecycleDetail.Booted)));
        Assert.Null(VmEventRules.DetailOf(Event(DomainEventKind.Rebooted)));
    }

    [Fact]
    public void A_resume_is_marked_only_after_a_pause_not_as_part_of_a_start()
    {
        Assert.True(VmEventRules.IsMarked(VmEventKind.Resumed, VmEventKind.Paused));
        Assert.False(VmEventRules.IsMarked(VmEventKind.Resumed, VmEventKind.Stopped));
        Assert.False(VmEventRules.IsMarked(VmEventKind.Resumed, null));
        Assert.True(VmEventRules.IsMarked(VmEventKind.Started, VmEventKind.Stopped));
        Assert.True(VmEventRules.IsMarked(VmEventKind.Paused, VmEventKind.Started));
    }
}
