using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Core.Tests;

public class VmInventoryTests
{
    private static DomainDisk Disk(string target, DiskCache cache = DiskCache.None) =>
        new(target, $"/img/{target}.raw", DiskBus.Virtio, DiskFormat.Raw, cache, DiskIo.Threads, false, null);

    private static DomainDescription Domain(IReadOnlyList<DomainDisk> disks, IReadOnlyList<DomainNic> nics, long memoryKiB = 1024) =>
        new(Guid.Parse("6f3a2b1c-0000-4000-8000-000000000001"), "web", VmState.Running, 2, memoryKiB, 2048, "acme", disks, nics);

    [Fact]
    public void Devices_are_matched_by_target_and_mac_not_by_position()
    {
        var vm = Vm.From(Domain([Disk("vda"), Disk("vdb")], [new("52:54:00:AA:BB:CC", "virtio", "vnet3")]), hostId: 1, tenantId: 5);
        var vdb = vm.Disks.Single(d => d.Target == "vdb");
        var nic = vm.Nics.Single();

        vm.Apply(Domain([Disk("vdb", DiskCache.Writeback), Disk("vdc")], [new("52:54:00:aa:bb:cc", "virtio", "vnet7")]), 1, 5);

        Assert.Equal(["vdb", "vdc"], vm.Disks.Select(d => d.Target).Order());
        Assert.Same(vdb, vm.Disks.Single(d => d.Target == "vdb"));
        Assert.Equal(DiskCache.Writeback, vdb.Cache);
        Assert.Same(nic, vm.Nics.Single());
        Assert.Equal("vnet7", nic.HostDevice);
        Assert.Equal("52:54:00:aa:bb:cc", nic.Mac);
    }

    [Fact]
    public void Memory_pending_for_the_next_start_follows_the_host()
    {
        var vm = Vm.From(Domain([], []) with { NextStartMemoryKiB = 4096, NextStartMaxMemoryKiB = 8192 }, 1, null);
        var pending = (vm.NextStartMemoryKiB, vm.NextStartMaxMemoryKiB);

        vm.Apply(Domain([], [], memoryKiB: 4096), 1, null);

        Assert.Equal((4096L, 8192L), pending);
        Assert.Null(vm.NextStartMemoryKiB);
        Assert.Null(vm.NextStartMaxMemoryKiB);
    }

    [Fact]
    public void A_vm_that_reappears_is_present_again_with_its_new_facts()
    {
        var vm = Vm.From(Domain([], []), 1, null);
        vm.MarkGone();

        vm.Apply(Domain([], [], memoryKiB: 2048), hostId: 2, tenantId: 3);

        Assert.True(vm.Present);
        Assert.Equal(2, vm.HostId);
        Assert.Equal(3, vm.TenantId);
        Assert.Equal(2048, vm.MemoryKiB);
    }
}
