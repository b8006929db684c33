using System.Xml.Linq;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Libvirt.Xml;

namespace Portal.Hypervisor.Tests.Libvirt;

public sealed class LibvirtXmlTests
{
    private const string LiveXml = """
        <domain type='qemu' id='3'>
          <name>web-1</name>
          <uuid>0c8e6a52-3b0d-4e6e-9a1b-2f1d6c1e8a11</uuid>
          <metadata>
            <portal:vm xmlns:portal="urn:vm-portal:metadata:1"><portal:tenant> acme </portal:tenant></portal:vm>
            <other:thing xmlns:other="urn:someone-else"><other:tenant>nope</other:tenant></other:thing>
          </metadata>
          <memory unit='KiB'>8388608</memory>
          <currentMemory unit='GiB'>4</currentMemory>
          <vcpu placement='static' current='2'>4</vcpu>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2' cache='none' io='native'/>
              <source file='/var/lib/libvirt/images/web-1.qcow2' index='1'/>
              <target dev='vda' bus='virtio'/>
              <serial>ROOT-1</serial>
              <alias name='virtio-disk0'/>
            </disk>
            <disk type='block' device='disk'>
              <driver name='qemu' type='raw' cache='directsync' io='io_uring'/>
              <source dev='/dev/vg0/data'/>
              <target dev='sdb' bus='scsi'/>
              <readonly/>
              <alias name='scsi0-0-0-1'/>
            </disk>
            <disk type='file' device='cdrom'>
              <target dev='hdc' bus='ide'/>
            </disk>
            <interface type='ethernet'>
              <mac address='52:54:00:AB:CD:EF'/>
              <target dev='vnet7'/>
              <model type='virtio'/>
            </interface>
          </devices>
        </domain>
        """;

    [Fact]
    public void A_live_definition_reads_into_the_port_model()
    {
        var definition = DomainXml.Parse(LiveXml, VmState.Running);
        var d = definition.Description;

        Assert.Equal(("web-1", Guid.Parse("0c8e6a52-3b0d-4e6e-9a1b-2f1d6c1e8a11"), 2), (d.Name, d.Uuid, d.Vcpus));
        Assert.Equal((4L * 1024 * 1024, 8L * 1024 * 1024), (d.MemoryKiB, d.MaxMemoryKiB));
        Assert.Equal("acme", d.TenantTag);
        Assert.Equal(
            [
                new DomainDisk("vda", "/var/lib/libvirt/images/web-1.qcow2", DiskBus.Virtio, DiskFormat.Qcow2, DiskCache.None, DiskIo.Native, false, "ROOT-1"),
                new DomainDisk("sdb", "/dev/vg0/data", DiskBus.Scsi, DiskFormat.Raw, DiskCache.Directsync, DiskIo.IoUring, true, null),
            ],
            d.Disks);
        Assert.Equal(new DomainNic("52:54:00:ab:cd:ef", "virtio", "vnet7"), Assert.Single(d.Nics));
        Assert.Equal("virtio-disk0", definition.AliasOf("vda"));
        Assert.Null(definition.AliasOf("vdz"));
    }

    [Theory]
    // Raised "at next start": both persistent sizes are reported, in KiB whatever the unit.
    [InlineData("<memory unit='GiB'>12</memory><currentMemory unit='GiB'>10</currentMemory>", 10L << 20, 12L << 20)]
    // Only the current size differs (virsh setmem --config): still pending, with the unchanged maximum.
    [InlineData("<memory unit='KiB'>8388608</memory><currentMemory unit='MiB'>6144</currentMemory>", 6L << 20, 8L << 20)]
    [InlineData("<memory unit='KiB'>8388608</memory><currentMemory unit='KiB'>4194304</currentMemory>", null, null)]
    // QEMU rounds memory up to whole MiB at start: a persistent size that rounds to the live one is no change.
    [InlineData("<memory unit='KB'>8589000</memory><currentMemory unit='KiB'>4194303</currentMemory>", null, null)]
    public void The_persistent_definition_s_memory_is_pending_when_it_differs_from_the_live_one(string memory, long? nextMemoryKiB, long? nextMaxKiB)
    {
        var live = DomainXml.Parse(LiveXml, VmState.Running).Description;
        var persistent = $"<domain type='qemu'><name>web-1</name><uuid>{live.Uuid}</uuid>{memory}<vcpu>4</vcpu></domain>";

        var described = DomainXml.WithNextStart(live, persistent);

        Assert.Equal((nextMemoryKiB, nextMaxKiB), (described.NextStartMemoryKiB, described.NextStartMaxMemoryKiB));
        Assert.Equal((live.MemoryKiB, live.MaxMemoryKiB), (described.MemoryKiB, described.MaxMemoryKiB));
    }

    [Fact]
    public void A_domain_xml_with_a_dtd_is_refused()
    {
        const string hostile = """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><domain><uuid>&b;</uuid></domain>""";

        Assert.ThrowsAny<System.Xml.XmlException>(() => DomainXml.Parse(hostile, VmState.Running));
    }

    [Theory]
    [InlineData("/var/lib/libvirt/images/a'b\"c<d>&e.raw")]
    [InlineData("/var/lib/libvirt/images/x.raw'/><source file='/etc/shadow")]
    [InlineData("/var/lib/libvirt/images/../../../etc/passwd")]
    public void Disk_xml_keeps_hostile_values_as_data(string source)
    {
        var spec = new DiskSpec(source, "vdb", DiskBus.Virtio, DiskFormat.Qcow2, DiskCache.Writeback, DiskIo.Threads, true, "a\"<b>");

        var xml = XElement.Parse(DiskXml.Build(spec));

        Assert.Equal(source, (string?)xml.Element("source")!.Attribute("file"));
        Assert.Single(xml.Elements("source"));
        Assert.Equal("a\"<b>", xml.Element("serial")!.Value);
        Assert.Equal(["driver", "source", "target", "readonly", "serial"], xml.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void The_tenant_element_has_no_namespace_of_its_own_for_libvirt_gives_it_the_portals()
    {
        Assert.Equal("<vm><tenant>acme</tenant></vm>", PortalMetadata.Build("acme"));
    }

    [Fact]
    public void The_tenant_element_keeps_hostile_values_as_data()
    {
        // Slugs are checked before this is built; the builder does not rely on it.
        const string hostile = "acme</tenant><tenant>globex&amp;";

        var xml = XElement.Parse(PortalMetadata.Build(hostile));

        Assert.Equal(hostile, Assert.Single(xml.Elements("tenant")).Value);
    }

    [Fact]
    public void Disk_xml_round_trips_through_the_parser()
    {
        var spec = new DiskSpec("/dev/vg0/fast", "sdc", DiskBus.Sata, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, "FAST_1", IsBlockDevice: true);
        var domain = $"<domain><uuid>{Guid.NewGuid()}</uuid><name>x</name><memory>1024</memory><devices>{DiskXml.Build(spec)}</devices></domain>";

        var disk = Assert.Single(DomainXml.Parse(domain, VmState.ShutOff).Description.Disks);

        Assert.Equal(new DomainDisk("sdc", "/dev/vg0/fast", DiskBus.Sata, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, "FAST_1"), disk);
        Assert.Contains("type=\"block\"", DiskXml.Build(spec), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_leave_the_driver_attributes_out()
    {
        var xml = XElement.Parse(DiskXml.Build(new DiskSpec("/i/x.raw", "vdb", DiskBus.Virtio, DiskFormat.Raw, DiskCache.Default, DiskIo.Default, false, null)));

        Assert.Null(xml.Element("driver")!.Attribute("cache"));
        Assert.Null(xml.Element("driver")!.Attribute("io"));
        Assert.Null(xml.Element("serial"));
    }

    [Theory]
    [InlineData("1024", null, 1024L)]
    [InlineData("4", "GiB", 4L * 1024 * 1024)]
    [InlineData("512", "M", 512L * 1024)]
    [InlineData("1000000", "KB", 976_562L)]
    [InlineData("2048", "b", 2L)]
    public void Memory_units_are_read_as_libvirt_defines_them(string value, string? unit, long kib)
    {
        var element = new XElement("memory", value);
        if (unit is not null) element.Add(new XAttribute("unit", unit));

        Assert.Equal(kib, DomainXml.Kibibytes(element));
    }

    [Fact]
    public void A_disk_is_a_file_unless_its_volume_is_a_block_device_whatever_the_path_says()
    {
        var file = XElement.Parse(DiskXml.Build(new DiskSpec("/dev/shm/odd.raw", "vdb", DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, null)));

        Assert.Equal("file", (string?)file.Attribute("type"));
        Assert.Equal("/dev/shm/odd.raw", (string?)file.Element("source")!.Attribute("file"));
    }

    [Fact]
    public void A_disk_of_type_volume_names_its_source_as_pool_and_volume()
    {
        var domain = $"<domain><uuid>{Guid.NewGuid()}</uuid><name>x</name><memory>1024</memory><devices>" +
            "<disk type='volume' device='disk'><driver name='qemu' type='raw'/><source pool='images' volume='data.raw'/><target dev='vdb' bus='virtio'/></disk>" +
            "</devices></domain>";

        Assert.Equal("images/data.raw", Assert.Single(DomainXml.Parse(domain, VmState.ShutOff).Description.Disks).Source);
    }

    [Fact]
    public void A_volume_is_read_with_its_path_format_size_and_backing_store_as_libvirt_resolved_it()
    {
        const string xml = """
            <volume type='file'>
              <name>over.qcow2</name>
              <key>/var/lib/libvirt/images/over.qcow2</key>
              <capacity unit='bytes'>16777216</capacity>
              <allocation unit='bytes'>200704</allocation>
              <target>
                <path>/var/lib/libvirt/images/over.qcow2</path>
                <format type='qcow2'/>
              </target>
              <backingStore>
                <path>/srv/elsewhere/base.qcow2</path>
                <format type='qcow2'/>
              </backingStore>
            </volume>
            """;

        var volume = VolumeXml.Parse("images", xml);

        Assert.Equal(new StorageVolume("images", "over.qcow2", "/var/lib/libvirt/images/over.qcow2", VolumeKind.File, "qcow2", 16L << 20,
            new BackingStore("/srv/elsewhere/base.qcow2", "qcow2")), volume);
        Assert.Equal(DiskFormat.Qcow2, volume.Format);
    }

    [Theory]
    [InlineData("block", "raw", VolumeKind.Block, DiskFormat.Raw)]
    [InlineData("dir", "dir", VolumeKind.Other, null)]
    [InlineData("file", "iso", VolumeKind.File, null)]
    public void A_volume_s_kind_and_format_come_from_its_xml(string type, string format, VolumeKind kind, DiskFormat? diskFormat)
    {
        var xml = $"<volume type='{type}'><name>v</name><capacity unit='G'>2</capacity><target><path>/p/v</path><format type='{format}'/></target><backingStore/></volume>";

        var volume = VolumeXml.Parse("p", xml);

        Assert.Equal((kind, diskFormat, 2L << 30, (BackingStore?)null), (volume.Kind, volume.Format, volume.CapacityBytes, volume.Backing));
    }

    [Fact]
    public void A_pool_is_read_with_its_type_and_target()
    {
        const string xml = "<pool type='netfs'><name>shared</name><source><host name='nas'/><dir path='/vm'/></source><target><path>/mnt/vm</path></target></pool>";

        Assert.Equal(new StoragePool("shared", "netfs", "/mnt/vm"), VolumeXml.ParsePool(xml));
    }
}
