using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Hypervisor.Tests;

/// <summary>
/// What every hypervisor driver must do, whatever is behind it (and however it is reached: the libvirt driver runs it
/// over qemu:///system and over qemu+ssh). A driver's test class supplies a connection with a running test domain and
/// a storage pool into which it can put images as a host's admin would.
/// </summary>
public abstract partial class HypervisorContract
{
    /// <summary>Generous for a guest under software emulation on two busy cores.</summary>
    protected static readonly TimeSpan GuestWait = TimeSpan.FromSeconds(60);

    protected abstract IHypervisorConnection Connection { get; }

    /// <summary>A running domain with one NIC, a virtio root disk, a balloon, and max memory above current.</summary>
    protected abstract Guid RunningDomain { get; }

    /// <summary>The memory the running domain is configured with (its balloon target at rest).</summary>
    protected abstract long DomainMemoryKiB { get; }

    /// <summary>
    /// A running domain like <see cref="RunningDomain"/> that one test may change and restart (other tests need theirs
    /// as it was); disposing it removes whatever the driver made for it.
    /// </summary>
    protected abstract Task<OwnDomain> BootOwnDomainAsync();

    /// <summary>A storage pool of the host, by name, whose volumes the tests may create and attach.</summary>
    protected abstract string StoragePool { get; }

    /// <summary>Puts a fresh image (raw or qcow2, 16 MiB) into <see cref="StoragePool"/> as a host's admin would; returns its volume name.</summary>
    protected abstract string NewDiskImage(string format);

    /// <summary>Puts a qcow2 image whose backing file is <paramref name="backingPath"/> into <see cref="StoragePool"/>; returns its volume name.</summary>
    protected abstract string NewOverlayImage(string backingPath);

    /// <summary>A fresh qcow2 image on the host outside every storage pool; returns its path.</summary>
    protected abstract string NewImageOutsideThePools();

    [Fact]
    public async Task An_image_is_created_by_its_pool_listed_with_its_format_and_deleted()
    {
        var name = $"contract-{Guid.NewGuid():N}.qcow2";

        var created = await Connection.CreateVolumeAsync(StoragePool, name, DiskFormat.Qcow2, 64L << 20);
        try
        {
            var contents = await Connection.ListVolumesAsync(StoragePool);
            Assert.Equal((StoragePool, name, VolumeKind.File), (created.Pool, created.Name, created.Kind));
            Assert.Equal((DiskFormat.Qcow2, 64L << 20), (created.Format, created.CapacityBytes));
            Assert.Null(created.Backing);
            Assert.Equal(StoragePool, contents.Pool.Name);
            Assert.Equal($"{contents.Pool.TargetPath}/{name}", created.Path);
            var listed = Assert.Single(contents.Volumes, v => v.Name == name);
            Assert.Equal((created.Path, created.Format, created.CapacityBytes), (listed.Path, listed.Format, listed.CapacityBytes));
            await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.CreateVolumeAsync(StoragePool, name, DiskFormat.Qcow2, 64L << 20));
        }
        finally
        {
            await Connection.DeleteVolumeAsync(StoragePool, name);
        }
        Assert.DoesNotContain((await Connection.ListVolumesAsync(StoragePool)).Volumes, v => v.Name == name);
        await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.DeleteVolumeAsync(StoragePool, name));
    }

    [Fact]
    public async Task A_pool_that_does_not_exist_is_refused_with_how_to_make_one()
    {
        var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.ListVolumesAsync("portal-no-such-pool"));

        Assert.Contains("portal-no-such-pool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_put_into_a_pool_by_hand_is_listed_after_a_refresh_with_its_format_and_size()
    {
        var raw = NewDiskImage("raw");
        var qcow2 = NewDiskImage("qcow2");

        var volumes = (await Connection.ListVolumesAsync(StoragePool)).Volumes;

        var rawVolume = Assert.Single(volumes, v => v.Name == raw);
        var qcow2Volume = Assert.Single(volumes, v => v.Name == qcow2);
        Assert.Equal((VolumeKind.File, DiskFormat.Raw, 16L << 20, (BackingStore?)null), (rawVolume.Kind, rawVolume.Format, rawVolume.CapacityBytes, rawVolume.Backing));
        Assert.Equal((VolumeKind.File, DiskFormat.Qcow2, 16L << 20, (BackingStore?)null), (qcow2Volume.Kind, qcow2Volume.Format, qcow2Volume.CapacityBytes, qcow2Volume.Backing));
    }

    [Fact]
    public async Task A_qcow2_whose_backing_file_lies_outside_the_pools_is_listed_with_it_and_refused()
    {
        var outside = NewImageOutsideThePools();
        var escaping = NewOverlayImage(outside);
        var inside = NewDiskImage("qcow2");
        var contents = await Connection.ListVolumesAsync(StoragePool);
        var overlayInside = NewOverlayImage(Assert.Single(contents.Volumes, v => v.Name == inside).Path);
        contents = await Connection.ListVolumesAsync(StoragePool);
        var domain = await Connection.GetDomainAsync(RunningDomain);

        var listed = Assert.Single(contents.Volumes, v => v.Name == escaping);
        var refused = Errors(listed, contents, domain);
        var passed = Errors(Assert.Single(contents.Volumes, v => v.Name == overlayInside), contents, domain);

        Assert.Equal(new BackingStore(outside, "qcow2"), listed.Backing);
        Assert.Contains($"backing file {outside} lies outside the storage pools", refused.MessageFor("source"), StringComparison.Ordinal);
        Assert.Empty(passed);
    }

    /// <summary>What the portal says of attaching <paramref name="volume"/> as the next free virtio disk, judged against the pool's listing.</summary>
    private static IReadOnlyList<ValidationError> Errors(StorageVolume volume, StoragePoolContents contents, DomainDescription domain) =>
        DiskSources.Validate(
            DiskSources.SpecFor(volume, DiskTargets.Propose(DiskBus.Virtio, domain.Disks.Select(d => d.Target)), DiskBus.Virtio, volume.Format ?? DiskFormat.Raw,
                DiskCache.None, DiskIo.Native, false, null),
            DiskSources.Assess(volume, null, contents.Volumes, null), domain);

    /// <summary>An image put into the pool by hand, as the pool lists it.</summary>
    protected async Task<StorageVolume> ListedImageAsync(string format)
    {
        var name = NewDiskImage(format);
        return Assert.Single((await Connection.ListVolumesAsync(StoragePool)).Volumes, v => v.Name == name);
    }

    [Fact]
    public async Task Lists_the_running_domain_with_its_devices()
    {
        var domains = await Connection.ListDomainsAsync();

        var domain = Assert.Single(domains, d => d.Uuid == RunningDomain);
        Assert.Equal(VmState.Running, domain.State);
        Assert.True(domain.Vcpus >= 1);
        Assert.True(domain.MaxMemoryKiB >= domain.MemoryKiB && domain.MemoryKiB > 0);
        Assert.Contains(domain.Disks, d => d.Target == "vda" && d.Bus == DiskBus.Virtio);
        var nic = Assert.Single(domain.Nics);
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", nic.Mac);
        Assert.False(string.IsNullOrEmpty(nic.HostDevice));
    }

    [Fact]
    public async Task Counters_grow_between_two_sweeps()
    {
        var first = Single(await Connection.GetStatsAsync());
        var second = await WaitForAsync(async () =>
        {
            var s = Single(await Connection.GetStatsAsync());
            return s.Cpu!.TimeNs > first.Cpu!.TimeNs ? s : null;
        });

        Assert.Equal(VmState.Running, second.State);
        Assert.NotNull(second.Balloon?.CurrentKiB);
        Assert.NotEmpty(second.Vcpus);
        Assert.All(second.Vcpus, v => Assert.NotNull(v.TimeNs));
        Assert.Contains(second.Blocks, b => b.Target == "vda");
        Assert.NotEmpty(second.Nets);
    }

    [Fact]
    public async Task A_disk_attaches_live_with_its_driver_modes_and_detaches_with_confirmation()
    {
        var image = await ListedImageAsync("raw");
        var target = DiskTargets.Propose(DiskBus.Virtio, (await Connection.GetDomainAsync(RunningDomain)).Disks.Select(d => d.Target));
        var spec = DiskSources.SpecFor(image, target, DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, "CONTRACT01");

        var attached = await Connection.AttachDiskAsync(RunningDomain, spec, ChangeScope.LiveAndPersistent);

        Assert.Equal((target, DiskCache.None, DiskIo.Native, "CONTRACT01"), (attached.Target, attached.Cache, attached.Io, attached.Serial));
        Assert.Equal(16L << 20, attached.CapacityBytes);
        var live = await Connection.GetDomainAsync(RunningDomain);
        Assert.Contains(live.Disks, d => d.Target == target && d.Source == image.Path);

        var result = await Connection.DetachDiskAsync(RunningDomain, target, GuestWait);

        Assert.Equal(DetachOutcome.Removed, result.Outcome);
        Assert.DoesNotContain((await Connection.GetDomainAsync(RunningDomain)).Disks, d => d.Target == target);
    }

    [Fact]
    public async Task A_target_in_use_is_refused_by_the_host()
    {
        var spec = DiskSources.SpecFor(await ListedImageAsync("raw"), "vda", DiskBus.Virtio, DiskFormat.Raw, DiskCache.Default, DiskIo.Default, false, null);

        var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.AttachDiskAsync(RunningDomain, spec, ChangeScope.LiveAndPersistent));

        Assert.Contains("vda", error.Message, StringComparison.Ordinal);
        Assert.Single((await Connection.GetDomainAsync(RunningDomain)).Disks, d => d.Target == "vda");
    }

    [Fact]
    public async Task Memory_within_the_maximum_moves_the_balloon_and_above_it_needs_a_restart()
    {
        var max = (await Connection.GetDomainAsync(RunningDomain)).MaxMemoryKiB;
        var target = max / 2;
        try
        {
            var live = await Connection.SetMemoryAsync(RunningDomain, target);
            var above = await Connection.SetMemoryAsync(RunningDomain, max + 1024 * 1024);

            Assert.Equal(MemoryChangeOutcome.AppliedLive, live.Outcome);
            Assert.Equal(MemoryChangeOutcome.NeedsRestart, above.Outcome);
            Assert.Equal(max, above.MaxMemoryKiB);
            // The live size is the balloon's actual size: it follows the target within a moment.
            await WaitForAsync(async () => (await Connection.GetDomainAsync(RunningDomain)).MemoryKiB == target ? "" : null);
        }
        finally
        {
            await Connection.SetMemoryAsync(RunningDomain, DomainMemoryKiB);
        }
    }

    [Fact]
    public async Task Memory_set_for_the_next_start_is_pending_until_a_power_cycle_applies_it()
    {
        await using var own = await BootOwnDomainAsync();
        // Until the balloon has reached the configured size, the live size is not the persistent one yet.
        var before = await WaitForAsync(async () => await Connection.GetDomainAsync(own.Uuid) is { } d && d.MemoryKiB == DomainMemoryKiB ? d : null);
        var newMax = before.MaxMemoryKiB + 64 * MemoryRules.MiB;
        var newMemory = newMax - 32 * MemoryRules.MiB;

        await Connection.SetMemoryConfigAsync(own.Uuid, newMax, newMemory);
        var pending = await Connection.GetDomainAsync(own.Uuid);
        var listed = Assert.Single(await Connection.ListDomainsAsync(), d => d.Uuid == own.Uuid);
        await Connection.PowerCycleAsync(own.Uuid, TimeSpan.FromSeconds(5));
        // A guest starts with its maximum, then its balloon inflates down to the current size.
        var applied = await WaitForAsync(async () => await Connection.GetDomainAsync(own.Uuid) is { } d && d.MemoryKiB == newMemory ? d : null);

        Assert.Equal((VmState.Running, before.MemoryKiB, before.MaxMemoryKiB), (pending.State, pending.MemoryKiB, pending.MaxMemoryKiB));
        Assert.Null(before.NextStartMemoryKiB);
        Assert.Null(before.NextStartMaxMemoryKiB);
        Assert.Equal((newMemory, newMax), (pending.NextStartMemoryKiB, pending.NextStartMaxMemoryKiB));
        Assert.Equal((newMemory, newMax), (listed.NextStartMemoryKiB, listed.NextStartMaxMemoryKiB));
        Assert.Equal((VmState.Running, newMemory, newMax), (applied.State, applied.MemoryKiB, applied.MaxMemoryKiB));
        Assert.Null(applied.NextStartMemoryKiB);
        Assert.Null(applied.NextStartMaxMemoryKiB);
    }

    [Fact]
    public async Task A_tenant_set_is_reported_by_get_and_list_then_changed_and_cleared()
    {
        var original = (await Connection.GetDomainAsync(RunningDomain)).TenantTag;
        try
        {
            await Connection.SetTenantAsync(RunningDomain, "globex");
            var assigned = await TenantTagsAsync(RunningDomain);
            await Connection.SetTenantAsync(RunningDomain, "initech-2");
            var changed = await TenantTagsAsync(RunningDomain);
            await Connection.SetTenantAsync(RunningDomain, null);
            var cleared = await TenantTagsAsync(RunningDomain);

            Assert.Equal(("globex", "globex"), assigned);
            Assert.Equal(("initech-2", "initech-2"), changed);
            Assert.Equal((null, null), cleared);
            // Clearing a tag that is not there is no error.
            await Connection.SetTenantAsync(RunningDomain, null);
        }
        finally
        {
            await Connection.SetTenantAsync(RunningDomain, original);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData(" acme")]
    [InlineData("acme</tenant><tenant>globex")]
    [InlineData("-acme")]
    public async Task A_tenant_that_is_no_slug_is_refused_and_changes_nothing(string slug)
    {
        var before = (await Connection.GetDomainAsync(RunningDomain)).TenantTag;

        var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.SetTenantAsync(RunningDomain, slug));

        Assert.Equal(HypervisorErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(before, (await Connection.GetDomainAsync(RunningDomain)).TenantTag);
    }

    [Fact]
    public async Task A_tenant_set_while_shut_off_is_kept_when_the_domain_starts()
    {
        await using var own = await BootOwnDomainAsync();
        await Connection.PowerAsync(own.Uuid, PowerAction.Destroy);
        await WaitForAsync(async () => (await Connection.GetDomainAsync(own.Uuid)).State == VmState.ShutOff ? "" : null);

        await Connection.SetTenantAsync(own.Uuid, "globex");
        var shutOff = await TenantTagsAsync(own.Uuid);
        await Connection.PowerAsync(own.Uuid, PowerAction.Start);
        var started = await WaitForAsync(async () => await Connection.GetDomainAsync(own.Uuid) is { State: VmState.Running } d ? d : null);

        Assert.Equal(("globex", "globex"), shutOff);
        Assert.Equal("globex", started.TenantTag);
    }

    [Fact]
    public async Task Setting_the_tenant_of_an_unknown_domain_is_a_hypervisor_error_of_kind_no_domain()
    {
        var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.SetTenantAsync(Guid.NewGuid(), "acme"));

        Assert.Equal(HypervisorErrorKind.NoDomain, error.Kind);
        Assert.NotEqual(0, error.Code);
    }

    /// <summary>The tag as one domain's read and the host's listing report it.</summary>
    private async Task<(string? Get, string? Listed)> TenantTagsAsync(Guid uuid) =>
        ((await Connection.GetDomainAsync(uuid)).TenantTag, Assert.Single(await Connection.ListDomainsAsync(), d => d.Uuid == uuid).TenantTag);

    [Fact]
    public async Task An_unknown_domain_is_a_hypervisor_error_of_kind_no_domain()
    {
        var error = await Assert.ThrowsAnyAsync<HypervisorException>(() => Connection.GetDomainAsync(Guid.NewGuid()));

        Assert.Equal(HypervisorErrorKind.NoDomain, error.Kind);
        Assert.NotEqual(0, error.Code);
    }

    /// <summary>
    /// A domain of one test's own; <see cref="DisposeAsync"/> removes it. <paramref name="booted"/> waits until the
    /// guest has finished its n-th boot (from 1) and answers the power button; by default it has nothing to wait for.
    /// </summary>
    protected sealed class OwnDomain(Guid uuid, Func<ValueTask> remove, Func<int, Task>? booted = null) : IAsyncDisposable
    {
        public Guid Uuid => uuid;

        public Task BootedAsync(int boot) => booted?.Invoke(boot) ?? Task.CompletedTask;

        public ValueTask DisposeAsync() => remove();
    }

    private DomainStats Single(StatsSweep sweep) => Assert.Single(sweep.Domains, d => d.Uuid == RunningDomain);

    protected static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        using var deadline = new CancellationTokenSource(GuestWait);
        while (true)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(200, deadline.Token);
        }
    }
}
