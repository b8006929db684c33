using Portal.Core.Hypervisor;
using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class DiskRulesTests
{
    private static DiskSpec Disk(DiskCache cache = DiskCache.None, DiskIo io = DiskIo.Native, string target = "vdc",
        DiskBus bus = DiskBus.Virtio, string? serial = null, string source = "/srv/images/data.raw") =>
        new(source, target, bus, DiskFormat.Raw, cache, io, false, serial);

    [Theory]
    [InlineData(DiskCache.None, true)]
    [InlineData(DiskCache.Directsync, true)]
    [InlineData(DiskCache.Default, false)]
    [InlineData(DiskCache.Writeback, false)]
    [InlineData(DiskCache.Writethrough, false)]
    [InlineData(DiskCache.Unsafe, false)]
    public void Native_io_needs_direct_io(DiskCache cache, bool allowed)
    {
        var errors = DiskRules.Validate(Disk(cache, DiskIo.Native), []);

        Assert.Equal(allowed, errors.All(e => e.Field != "io"));
        Assert.Equal(allowed, DiskRules.IoAllowedWithCache(DiskIo.Native, cache));
    }

    [Theory]
    [InlineData(DiskIo.Threads)]
    [InlineData(DiskIo.IoUring)]
    [InlineData(DiskIo.Default)]
    public void Other_io_modes_go_with_any_cache(DiskIo io)
    {
        foreach (var cache in Enum.GetValues<DiskCache>())
            Assert.Empty(DiskRules.Validate(Disk(cache, io), []));
    }

    [Fact]
    public void A_target_in_use_is_refused_by_name()
    {
        var errors = DiskRules.Validate(Disk(target: "vdb"), ["vda", "vdb"]);

        var error = Assert.Single(errors);
        Assert.Equal("target", error.Field);
        Assert.Contains("vdb", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DiskBus.Virtio, "vdb", true)]
    [InlineData(DiskBus.Virtio, "vdaa", true)]
    [InlineData(DiskBus.Virtio, "sdb", false)]
    [InlineData(DiskBus.Scsi, "sdb", true)]
    [InlineData(DiskBus.Sata, "sdc", true)]
    [InlineData(DiskBus.Sata, "vdc", false)]
    [InlineData(DiskBus.Virtio, "vd", false)]
    [InlineData(DiskBus.Virtio, "vdB", false)]
    [InlineData(DiskBus.Virtio, "vdb\"/><disk", false)]
    [InlineData(DiskBus.Virtio, "vdabc", false)]
    public void Targets_must_fit_the_bus(DiskBus bus, string target, bool valid)
    {
        var cacheAndIo = Disk(target: target, bus: bus);
        Assert.Equal(valid, DiskRules.Validate(cacheAndIo, []).All(e => e.Field != "target"));
    }

    [Theory]
    [InlineData("DATA-01_x", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("has space", false)]
    [InlineData("quote\"", false)]
    [InlineData("<serial>", false)]
    public void Serials_are_short_and_plain(string serial, bool valid) =>
        Assert.Equal(valid, DiskRules.Validate(Disk(serial: serial), []).All(e => e.Field != "serial"));

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var errors = DiskRules.Validate(Disk(DiskCache.Writeback, DiskIo.Native, target: "sdz", serial: "bad serial!", source: " "), []);

        Assert.Equal(["io", "target", "serial", "source"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Proposed_targets_skip_used_names_and_follow_the_bus()
    {
        Assert.Equal("vdc", DiskTargets.Propose(DiskBus.Virtio, ["vda", "vdb"]));
        Assert.Equal("sda", DiskTargets.Propose(DiskBus.Scsi, ["vda", "vdb"]));
        Assert.Equal("vdaa", DiskTargets.Propose(DiskBus.Virtio, Enumerable.Range(0, 26).Select(i => "vd" + (char)('a' + i))));
    }
}
