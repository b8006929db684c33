using Portal.Testing;
using System.Collections.Concurrent;
using System.Xml.Linq;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Libvirt;
using Portal.Libvirt.Interop;
using Portal.Libvirt.Xml;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>
/// What only a real QEMU guest can show: the guest sees devices (hot-plugged over qemu:///system and over qemu+ssh),
/// the balloon moves, a power cycle applies config.
/// </summary>
[Collection(QemuTests.Name)]
public sealed class LibvirtQemuTests(QemuHost qemu)
{
    private IHypervisorConnection Host => qemu.Connection;
    private QemuGuest Guest => qemu.Guest;

    [Theory]
    [InlineData(QemuHost.Local)]
    [InlineData(QemuHost.Ssh)]
    public async Task Hot_plugged_disks_reach_the_guest_with_their_driver_modes_and_leave_with_a_confirming_event(string transport)
    {
        var host = qemu.Over(transport);
        var events = new ConcurrentQueue<DomainEvent>();
        void Record(DomainEvent e) { if (e.Uuid == Guest.Uuid) events.Enqueue(e); }
        host.EventReceived += Record;
        try
        {
            var raw = await ListedAsync(host, NewImage("raw"));
            var qcow2 = await ListedAsync(host, NewImage("qcow2"));
            var inUse = (await host.GetDomainAsync(Guest.Uuid)).Disks.Select(d => d.Target).ToList();
            var first = Core.Ops.DiskTargets.Propose(DiskBus.Virtio, inUse);
            var second = Core.Ops.DiskTargets.Propose(DiskBus.Virtio, [.. inUse, first]);

            var direct = await host.AttachDiskAsync(Guest.Uuid,
                Core.Ops.DiskSources.SpecFor(raw, first, DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, "PORTALRAW1"), ChangeScope.LiveAndPersistent);
            var cached = await host.AttachDiskAsync(Guest.Uuid,
                Core.Ops.DiskSources.SpecFor(qcow2, second, DiskBus.Virtio, DiskFormat.Qcow2, DiskCache.Writeback, DiskIo.Threads, false, null), ChangeScope.LiveAndPersistent);

            Assert.Equal((DiskFormat.Raw, DiskCache.None, DiskIo.Native, "PORTALRAW1"), (direct.Format, direct.Cache, direct.Io, direct.Serial));
            Assert.Equal((DiskFormat.Qcow2, DiskCache.Writeback, DiskIo.Threads), (cached.Format, cached.Cache, cached.Io));
            await Guest.WaitForBlockDevicesAsync(seen => seen.Contains(first) && seen.Contains(second));

            var removedFirst = await host.DetachDiskAsync(Guest.Uuid, first, QemuGuest.Patience);
            var removedSecond = await host.DetachDiskAsync(Guest.Uuid, second, QemuGuest.Patience);

            Assert.Equal(DetachOutcome.Removed, removedFirst.Outcome);
            Assert.Equal(DetachOutcome.Removed, removedSecond.Outcome);
            Assert.Equal(2, events.Count(e => e.Kind == DomainEventKind.DeviceAdded));
            Assert.Equal(2, events.Count(e => e.Kind == DomainEventKind.DeviceRemoved));
            await Guest.WaitForBlockDevicesAsync(seen => !seen.Contains(first) && !seen.Contains(second));
            Assert.DoesNotContain((await host.GetDomainAsync(Guest.Uuid)).Disks, d => d.Target == first || d.Target == second);
        }
        finally
        {
            host.EventReceived -= Record;
        }
    }

    [Fact]
    public async Task Every_stats_group_is_filled_and_counters_grow()
    {
        var first = await StatsAsync(s => s.Balloon?.UsableKiB is not null);
        var later = await StatsAsync(s => s.Cpu!.TimeNs > first.Cpu!.TimeNs && s.Blocks.Single(b => b.Target == "vda").ReadBytes > first.Blocks.Single(b => b.Target == "vda").ReadBytes);

        Assert.Equal(VmState.Running, later.State);
        Assert.NotNull(later.Cpu!.UserNs);
        Assert.All(later.Vcpus, v => Assert.True(v.TimeNs > 0 && v.DelayNs is not null && v.WaitNs is not null));
        Assert.Equal(2, later.Vcpus.Count);
        var b = later.Balloon!;
        Assert.All(new object?[] { b.CurrentKiB, b.MaximumKiB, b.SwapInKiB, b.SwapOutKiB, b.MajorFaults, b.MinorFaults, b.UnusedKiB, b.AvailableKiB, b.UsableKiB, b.RssKiB }, Assert.NotNull);
        var net = Assert.Single(later.Nets);
        Assert.Equal((await Host.GetDomainAsync(Guest.Uuid)).Nics.Single().HostDevice, net.Device);
        Assert.True(net.RxBytes > 0 || net.TxBytes > 0);
        Assert.True(later.Blocks.Single(x => x.Target == "vda").ReadRequests > 0);
    }

    [Fact]
    public async Task A_live_memory_change_moves_the_balloon_and_libvirt_refuses_more_than_the_maximum()
    {
        const long target = 160 * 1024;
        try
        {
            var result = await Host.SetMemoryAsync(Guest.Uuid, target);

            Assert.Equal(MemoryChangeOutcome.AppliedLive, result.Outcome);
            await StatsAsync(s => s.Balloon?.CurrentKiB == target);

            // Through the port, above the maximum is an answer (restart needed), not an error...
            var above = await Host.SetMemoryAsync(Guest.Uuid, QemuGuest.MaxMemoryKiB + 64 * 1024);
            Assert.Equal(MemoryChangeOutcome.NeedsRestart, above.Outcome);
            // ...because libvirt itself refuses it.
            var refusal = Assert.Throws<LibvirtException>(() =>
            {
                using var native = NativeConnection.Open(QemuGuest.Uri);
                using var domain = native.LookupDomain(Guest.Uuid);
                NativeConnection.SetMemory(domain, QemuGuest.MaxMemoryKiB + 64 * 1024, Flags.AffectLive);
            });
            Assert.Equal(HypervisorErrorKind.InvalidArgument, refusal.Kind);
            Assert.Contains("cannot set memory higher than max memory", refusal.Message, StringComparison.Ordinal);
            await DomainAsync(Guest.Uuid, d => d.MemoryKiB == target);
        }
        finally
        {
            await Host.SetMemoryAsync(Guest.Uuid, QemuGuest.MemoryKiB);
        }
    }

    [Fact]
    public async Task A_raised_maximum_is_written_to_the_config_and_active_after_a_power_cycle()
    {
        await using var guest = await QemuGuest.BootAsync("cycle");
        const long newMax = 320 * 1024, newCurrent = 288 * 1024;

        await Host.SetMemoryConfigAsync(guest.Uuid, newMax, newCurrent);
        var before = await Host.GetDomainAsync(guest.Uuid);
        await Host.PowerCycleAsync(guest.Uuid, TimeSpan.FromSeconds(10));
        await guest.WaitForConsoleAsync(line => line == "PORTAL-GUEST-READY", occurrence: 2);
        // A guest boots with its maximum and then inflates the balloon down to the current size.
        var after = await DomainAsync(guest.Uuid, d => d.MemoryKiB == newCurrent);

        Assert.Equal(QemuGuest.MaxMemoryKiB, before.MaxMemoryKiB);
        Assert.Equal((VmState.Running, newMax, newCurrent), (after.State, after.MaxMemoryKiB, after.MemoryKiB));
    }

    [Fact]
    public async Task A_shut_off_vm_gets_a_disk_in_its_persistent_definition_only()
    {
        await using var guest = await QemuGuest.BootAsync("offline");
        await Host.PowerAsync(guest.Uuid, PowerAction.Destroy);
        var image = NewImage("raw");

        var attached = await Host.AttachDiskAsync(guest.Uuid,
            new DiskSpec(image, "vdb", DiskBus.Virtio, DiskFormat.Raw, DiskCache.Directsync, DiskIo.Native, true, null), ChangeScope.LiveAndPersistent);
        var defined = await Host.GetDomainAsync(guest.Uuid);
        var liveOnly = await Assert.ThrowsAsync<LibvirtException>(() => Host.AttachDiskAsync(guest.Uuid,
            new DiskSpec(NewImage("raw"), "vdc", DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, null), ChangeScope.LiveOnly));
        var removed = await Host.DetachDiskAsync(guest.Uuid, "vdb", QemuGuest.Patience);

        Assert.Equal((DiskCache.Directsync, true), (attached.Cache, attached.ReadOnly));
        Assert.Equal(VmState.ShutOff, defined.State);
        Assert.Contains(defined.Disks, d => d.Target == "vdb" && d.Source == image);
        Assert.Equal(HypervisorErrorKind.OperationInvalid, liveOnly.Kind);
        Assert.Equal(DetachOutcome.Removed, removed.Outcome);
        Assert.DoesNotContain((await Host.GetDomainAsync(guest.Uuid)).Disks, d => d.Target == "vdb");
    }

    [Fact]
    public async Task The_tenant_tag_and_devices_come_from_the_live_definition()
    {
        var domain = await DomainAsync(Guest.Uuid, d => d.MemoryKiB == QemuGuest.MemoryKiB);

        Assert.Equal("acme", domain.TenantTag);
        Assert.Equal(Guest.Name, domain.Name);
        Assert.Equal((QemuGuest.MemoryKiB, QemuGuest.MaxMemoryKiB, 2), (domain.MemoryKiB, domain.MaxMemoryKiB, domain.Vcpus));
        Assert.Equal(Guest.Mac, domain.Nics.Single().Mac);
        Assert.StartsWith("vnet", domain.Nics.Single().HostDevice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_is_written_to_the_live_and_the_persistent_definition_and_leaves_other_metadata_alone()
    {
        const string otherNamespace = "urn:example:other-tool:1";
        using var native = NativeConnection.Open(QemuGuest.Uri);
        using var domain = native.LookupDomain(Guest.Uuid);
        var original = (await Host.GetDomainAsync(Guest.Uuid)).TenantTag;
        NativeConnection.SetMetadataElement(domain, "<note>keep me</note>", "other", otherNamespace, Flags.AffectLive | Flags.AffectConfig);
        try
        {
            await Host.SetTenantAsync(Guest.Uuid, "globex");
            var assigned = (Live: XDocument.Parse(NativeConnection.Xml(domain, inactive: false)), Persistent: XDocument.Parse(NativeConnection.Xml(domain, inactive: true)));
            await Host.SetTenantAsync(Guest.Uuid, null);
            var cleared = (Live: XDocument.Parse(NativeConnection.Xml(domain, inactive: false)), Persistent: XDocument.Parse(NativeConnection.Xml(domain, inactive: true)));

            foreach (var definition in new[] { assigned.Live, assigned.Persistent })
            {
                var element = Assert.Single(PortalElements(definition));
                Assert.Equal("globex", (string?)element.Element(PortalMetadata.Ns + "tenant"));
                Assert.Equal(PortalMetadata.Prefix, element.GetPrefixOfNamespace(PortalMetadata.Ns));
            }
            foreach (var definition in new[] { assigned.Live, assigned.Persistent, cleared.Live, cleared.Persistent })
                Assert.Equal("keep me", (string?)Metadata(definition).Element(XName.Get("note", otherNamespace)));
            Assert.Empty(PortalElements(cleared.Live));
            Assert.Empty(PortalElements(cleared.Persistent));
        }
        finally
        {
            NativeConnection.SetMetadataElement(domain, null, "other", otherNamespace, Flags.AffectLive | Flags.AffectConfig);
            await Host.SetTenantAsync(Guest.Uuid, original);
        }
    }

    private static XElement Metadata(XDocument definition) => definition.Root!.Element("metadata")!;

    private static IEnumerable<XElement> PortalElements(XDocument definition) =>
        definition.Root!.Element("metadata")?.Elements(PortalMetadata.Ns + "vm") ?? [];

    private string NewImage(string format) =>
        QemuGuest.CreateImage(Path.Combine(QemuGuest.ImageDirectory, $"{Guest.Name}-plug-{Guid.NewGuid():N}.{format}"), format);

    /// <summary>The image at <paramref name="path"/>, put into the pool by hand, as the pool lists it over <paramref name="host"/>.</summary>
    private static async Task<StorageVolume> ListedAsync(IHypervisorConnection host, string path) =>
        Assert.Single((await host.ListVolumesAsync(QemuGuest.PoolName)).Volumes, v => v.Path == path);

    private async Task<DomainDescription> DomainAsync(Guid uuid, Func<DomainDescription, bool> until)
    {
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        while (true)
        {
            var domain = await Host.GetDomainAsync(uuid, deadline.Token);
            if (until(domain)) return domain;
            await Task.Delay(250, deadline.Token);
        }
    }

    private async Task<DomainStats> StatsAsync(Func<DomainStats, bool> until)
    {
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        while (true)
        {
            var stats = (await Host.GetStatsAsync(deadline.Token)).Domains.Single(d => d.Uuid == Guest.Uuid);
            if (until(stats)) return stats;
            await Task.Delay(250, deadline.Token);
        }
    }
}
