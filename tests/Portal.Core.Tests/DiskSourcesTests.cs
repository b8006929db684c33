using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Core.Tests;

/// <summary>The rules for a disk's source, on volumes as a host's libvirt lists them: no host, no file system.</summary>
public class DiskSourcesTests
{
    private const string Images = "/var/lib/libvirt/images";

    private static StorageVolume Volume(string name, string format = "raw", BackingStore? backing = null, VolumeKind kind = VolumeKind.File,
        string pool = "default", string directory = Images) =>
        new(pool, name, $"{directory}/{name}", kind, format, 16L << 20, backing);

    private static readonly DomainDescription Domain = new(Guid.NewGuid(), "web-01", VmState.Running, 2, 1 << 20, 2 << 20, null,
        [new DomainDisk("vda", $"{Images}/web-01-root.qcow2", DiskBus.Virtio, DiskFormat.Qcow2, DiskCache.None, DiskIo.Native, false, null)], []);

    private static DiskSpec Spec(StorageVolume volume, DiskFormat format = DiskFormat.Raw, string target = "vdb") =>
        DiskSources.SpecFor(volume, target, DiskBus.Virtio, format, DiskCache.None, DiskIo.Native, false, null);

    private static IReadOnlyList<ValidationError> Validate(StorageVolume volume, DiskFormat format, IReadOnlyCollection<StorageVolume>? pool = null,
        DiskFormat? recorded = null, DiskUse? usedBy = null) =>
        DiskSources.Validate(Spec(volume, format), DiskSources.Assess(volume, recorded, pool ?? [volume], usedBy), Domain);

    [Fact]
    public void A_raw_file_of_a_pool_passes()
    {
        var volume = Volume("data.raw");

        Assert.Empty(Validate(volume, DiskFormat.Raw));
        Assert.Equal((volume.Path, false), (Spec(volume).Source, Spec(volume).IsBlockDevice));
    }

    [Fact]
    public void A_block_volume_is_attached_as_a_block_device() =>
        Assert.True(Spec(Volume("lv-data", kind: VolumeKind.Block, directory: "/dev/vg0")).IsBlockDevice);

    [Fact]
    public void A_qcow2_whose_backing_file_lies_outside_the_pools_is_refused()
    {
        var overlay = Volume("overlay.qcow2", "qcow2", new BackingStore("/etc/shadow", "raw"));

        var error = Assert.Single(Validate(overlay, DiskFormat.Qcow2));

        Assert.Equal("source", error.Field);
        Assert.Contains("backing file /etc/shadow lies outside the storage pools", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backing_chain_inside_the_pools_passes_however_the_path_is_written()
    {
        var base1 = Volume("base.qcow2", "qcow2");
        var middle = Volume("middle.qcow2", "qcow2", new BackingStore($"{Images}/./sub/../base.qcow2", "qcow2"));
        var top = Volume("top.qcow2", "qcow2", new BackingStore($"{Images}//middle.qcow2", "qcow2"));

        Assert.Empty(Validate(top, DiskFormat.Qcow2, [base1, middle, top]));
    }

    [Fact]
    public void Each_link_of_the_chain_is_followed_to_its_end()
    {
        // The second link leads out: the first alone would pass.
        var middle = Volume("middle.qcow2", "qcow2", new BackingStore("/home/someone/secret.qcow2", "qcow2"));
        var top = Volume("top.qcow2", "qcow2", new BackingStore(middle.Path, "qcow2"));

        var error = Assert.Single(Validate(top, DiskFormat.Qcow2, [middle, top]));

        Assert.Contains("/home/someone/secret.qcow2 lies outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_opened_as_raw_ends_the_chain_whatever_its_own_header_says()
    {
        // The base's probe says qcow2 with a backing file, but the overlay names it raw: QEMU reads it as plain data.
        var base1 = Volume("base.img", "qcow2", new BackingStore("/etc/shadow", "raw"));
        var top = Volume("top.qcow2", "qcow2", new BackingStore(base1.Path, "raw"));

        Assert.Empty(Validate(top, DiskFormat.Qcow2, [base1, top]));
    }

    [Fact]
    public void A_backing_store_libvirt_cannot_name_or_of_another_format_is_refused()
    {
        var unnamed = Volume("nbd.qcow2", "qcow2", new BackingStore(null, "raw"));
        var vmdkBase = Volume("base.vmdk", "vmdk", new BackingStore("/etc/shadow", "raw"));
        var onVmdk = Volume("top.qcow2", "qcow2", new BackingStore(vmdkBase.Path, "vmdk"));

        Assert.Contains("one libvirt cannot name", Assert.Single(Validate(unnamed, DiskFormat.Qcow2)).Message, StringComparison.Ordinal);
        Assert.Contains("format vmdk", Assert.Single(Validate(onVmdk, DiskFormat.Qcow2, [vmdkBase, onVmdk])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_that_loops_or_never_ends_is_refused()
    {
        var a = Volume("a.qcow2", "qcow2", new BackingStore($"{Images}/b.qcow2", "qcow2"));
        var b = Volume("b.qcow2", "qcow2", new BackingStore($"{Images}/a.qcow2", "qcow2"));
        var deep = Enumerable.Range(0, DiskSources.MaxBackingDepth + 1)
            .Select(i => Volume($"l{i}.qcow2", "qcow2", new BackingStore($"{Images}/l{i + 1}.qcow2", "qcow2")))
            .Append(Volume($"l{DiskSources.MaxBackingDepth + 1}.qcow2", "qcow2"))
            .ToList();

        Assert.Contains("loops back", Assert.Single(Validate(a, DiskFormat.Qcow2, [a, b])).Message, StringComparison.Ordinal);
        Assert.Contains("deeper than", Assert.Single(Validate(deep[0], DiskFormat.Qcow2, deep)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_format_the_portal_recorded_wins_over_what_the_guest_wrote_into_the_image()
    {
        // Created raw by the portal; a guest then wrote a qcow2 header naming a host file, and libvirt's probe believes it.
        var rewritten = Volume("data.raw", "qcow2", new BackingStore("/etc/shadow", "raw"));

        Assert.Empty(Validate(rewritten, DiskFormat.Raw, recorded: DiskFormat.Raw));
        var asQcow2 = Assert.Single(Validate(rewritten, DiskFormat.Qcow2, recorded: DiskFormat.Raw));
        Assert.Equal("format", asQcow2.Field);
        Assert.Contains("data.raw is a raw image: attach it as raw", asQcow2.Message, StringComparison.Ordinal);
        // Without the record, libvirt's word stands, and with it the backing file.
        Assert.Contains(Validate(rewritten, DiskFormat.Qcow2), e => e.Message.Contains("lies outside", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_is_attached_in_the_format_libvirt_reports_and_a_bad_chain_is_said_at_once()
    {
        var overlay = Volume("overlay.qcow2", "qcow2", new BackingStore("/srv/outside.qcow2", "qcow2"));

        var errors = Validate(overlay, DiskFormat.Raw);

        Assert.Contains("is a qcow2 image: attach it as qcow2", errors.MessageFor("format"), StringComparison.Ordinal);
        Assert.Contains("lies outside", errors.MessageFor("source"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iso", VolumeKind.File, "format", "only raw and qcow2")]
    [InlineData(null, VolumeKind.File, "format", "only raw and qcow2")]
    [InlineData("dir", VolumeKind.Other, "source", "not a file or block device")]
    public void What_is_no_raw_or_qcow2_file_or_device_is_refused(string? format, VolumeKind kind, string field, string message)
    {
        var volume = Volume("thing", format!, kind: kind);

        var error = Assert.Single(Validate(volume, DiskFormat.Raw));

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(DiskSources.Assess(volume, null, [volume], null).Problem);
    }

    [Fact]
    public void An_image_on_this_vm_already_is_refused_as_written_or_as_a_pool_volume()
    {
        var root = Volume("web-01-root.qcow2", "qcow2");
        var byPath = new DomainDescription(Domain.Uuid, "web-01", VmState.Running, 1, 1, 1, null,
            [new DomainDisk("vda", $"{Images}/x/../web-01-root.qcow2", DiskBus.Virtio, DiskFormat.Qcow2, DiskCache.None, DiskIo.Native, false, null)], []);
        var byVolume = byPath with { Disks = [byPath.Disks[0] with { Source = "default/web-01-root.qcow2" }] };

        foreach (var domain in new[] { byPath, byVolume })
        {
            var errors = DiskSources.Validate(Spec(root, DiskFormat.Qcow2), DiskSources.Assess(root, null, [root], null), domain);
            Assert.Contains("already attached to this VM", Assert.Single(errors).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_image_another_vm_uses_is_refused_on_its_host_or_for_a_shared_pool_on_any()
    {
        var volume = Volume("data.raw");
        var self = new DiskUse(Domain.Uuid, "web-01", 1, "/var/lib/libvirt/images/data.raw");
        var sameHost = new DiskUse(Guid.NewGuid(), "db-01", 1, volume.Path);
        var otherHost = new DiskUse(Guid.NewGuid(), "db-02", 2, volume.Path);

        Assert.Null(DiskSources.UsedElsewhere(volume, sharedPool: false, 1, Domain.Uuid, [self]));
        Assert.Equal("db-01", DiskSources.UsedElsewhere(volume, sharedPool: false, 1, Domain.Uuid, [self, sameHost])?.VmName);
        // The same path on another host is another file, unless the pool is shared.
        Assert.Null(DiskSources.UsedElsewhere(volume, sharedPool: false, 1, Domain.Uuid, [otherHost]));
        Assert.Equal("db-02", DiskSources.UsedElsewhere(volume, sharedPool: true, 1, Domain.Uuid, [otherHost])?.VmName);

        var error = Assert.Single(Validate(volume, DiskFormat.Raw, usedBy: sameHost));
        Assert.Equal(("source", "data.raw is attached to another VM (db-01)."), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("dir", false, false)]
    [InlineData("dir", true, true)]
    [InlineData("logical", false, false)]
    [InlineData("netfs", false, true)]
    [InlineData("rbd", false, true)]
    [InlineData("iscsi", false, true)]
    [InlineData("gluster", false, true)]
    public void A_pool_is_shared_when_configured_so_or_by_its_network_type(string type, bool configured, bool shared) =>
        Assert.Equal(shared, DiskSources.IsShared(new StoragePool("images", type, "/srv/images"), configured ? ["images"] : ["other"]));

    [Fact]
    public void A_new_image_needs_a_name_the_pool_does_not_have()
    {
        var pool = new StoragePoolContents(new StoragePool("default", "dir", Images), [Volume("data-01.raw")]);

        Assert.Contains("exists already in the pool default", NewImageRules.Taken("data-01.raw", pool)?.Message, StringComparison.Ordinal);
        Assert.Null(NewImageRules.Taken("data-01.qcow2", pool));
    }
}
