using Portal.Core.Hypervisor;
using Portal.Core.Ops;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests.Simulator;

/// <summary>The simulated hosts' storage pool behaves as libvirt's directory pools do, so the demo refuses what a real host's would.</summary>
public sealed class SimulatorStorageTests : IAsyncLifetime
{
    private static readonly SimulatedVm Web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");
    private static readonly SimulatedVm Db = DemoFleet.Vms.Single(v => v.Name == "shop-db-01");
    private readonly SimulatedHost _host = new("sim://node-a", [Web, Db], new SimulatorOptions(), TimeProvider.System);
    private DomainDescription _web = default!;
    private StoragePoolContents _pool = default!;
    private IReadOnlyList<DiskUse> _uses = default!;

    public async Task InitializeAsync()
    {
        _web = await _host.GetDomainAsync(Web.Uuid);
        _pool = await _host.ListVolumesAsync("default");
        _uses = (await _host.ListDomainsAsync()).SelectMany(d => d.Disks.Select(x => new DiskUse(d.Uuid, d.Name, 1, x.Source))).ToList();
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private IReadOnlyList<ValidationError> Attach(string name, DiskFormat format)
    {
        var volume = Assert.Single(_pool.Volumes, v => v.Name == name);
        var use = DiskSources.UsedElsewhere(volume, sharedPool: false, 1, _web.Uuid, _uses);
        return DiskSources.Validate(DiskSources.SpecFor(volume, "vdq", DiskBus.Virtio, format, DiskCache.None, DiskIo.Native, false, null),
            DiskSources.Assess(volume, null, _pool.Volumes, use), _web);
    }

    [Fact]
    public void The_pool_is_a_directory_pool_listing_the_vms_images_and_the_spares()
    {
        Assert.Equal(new StoragePool("default", "dir", "/var/lib/libvirt/images"), _pool.Pool);
        Assert.Contains(_pool.Volumes, v => v.Path == Web.InitialDisks()[0].Source);
        Assert.Equal(DiskFormat.Qcow2, Assert.Single(_pool.Volumes, v => v.Name == "node-a-spare-02.qcow2").Format);
    }

    [Fact]
    public void A_spare_image_passes_in_the_format_it_holds_and_is_refused_in_another()
    {
        Assert.Empty(Attach("node-a-spare-02.qcow2", DiskFormat.Qcow2));
        Assert.Equal("format", Assert.Single(Attach("node-a-spare-02.qcow2", DiskFormat.Raw)).Field);
    }

    [Fact]
    public void The_overlay_whose_backing_file_lies_outside_the_pool_is_refused() =>
        Assert.Contains("/srv/golden/debian-12.qcow2 lies outside the storage pools", Assert.Single(Attach("node-a-overlay-01.qcow2", DiskFormat.Qcow2)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Images_of_this_vm_or_another_on_the_host_are_refused()
    {
        Assert.Contains("already attached to this VM", Assert.Single(Attach(Path.GetFileName(Web.InitialDisks()[1].Source), DiskFormat.Raw)).Message, StringComparison.Ordinal);
        Assert.Contains("attached to another VM (shop-db-01)", Assert.Single(Attach(Path.GetFileName(Db.InitialDisks()[1].Source), DiskFormat.Raw)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_the_host_does_not_have_and_a_file_that_is_not_there_are_the_host_s_errors()
    {
        var pool = await Assert.ThrowsAnyAsync<HypervisorException>(() => _host.ListVolumesAsync("images"));
        var missing = await Assert.ThrowsAnyAsync<HypervisorException>(() => _host.AttachDiskAsync(Web.Uuid,
            new DiskSpec("/var/lib/libvirt/images/nope.raw", "vdq", DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, null), ChangeScope.LiveAndPersistent));

        Assert.Contains("no storage pool with matching name 'images'", pool.Message, StringComparison.Ordinal);
        Assert.Contains("Could not open '/var/lib/libvirt/images/nope.raw'", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await _host.GetDomainAsync(Web.Uuid)).Disks, d => d.Target == "vdq");
    }
}
