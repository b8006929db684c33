using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class StoragePathsTests
{
    private static readonly string[] Roots = ["/var/lib/libvirt/images", "/srv/vm-disks/"];

    [Theory]
    [InlineData("/var/lib/libvirt/images/a.raw", "/var/lib/libvirt/images/a.raw")]
    [InlineData("/var/lib/libvirt//images/./a.raw", "/var/lib/libvirt/images/a.raw")]
    [InlineData("/var/lib/libvirt/images/x/../a.raw", "/var/lib/libvirt/images/a.raw")]
    [InlineData("/var/lib/libvirt/images/../../../etc/shadow", "/var/etc/shadow")]
    [InlineData("/var/lib/libvirt/images/../../../../etc/shadow", "/etc/shadow")]
    [InlineData("relative/a.raw", null)]
    [InlineData("/../etc", null)]
    [InlineData("", null)]
    public void Paths_are_folded_lexically(string path, string? normalized) => Assert.Equal(normalized, StoragePaths.Normalize(path));

    [Theory]
    [InlineData("/var/lib/libvirt/images/a.raw", true)]
    [InlineData("/srv/vm-disks/tenant/a.qcow2", true)]
    [InlineData("/var/lib/libvirt/images", false)]
    [InlineData("/var/lib/libvirt/images-evil/a.raw", false)]
    [InlineData("/var/lib/libvirt/images/../qemu/nvram.fd", false)]
    [InlineData("/etc/passwd", false)]
    public void Only_paths_strictly_below_a_root_are_inside(string path, bool inside) =>
        Assert.Equal(inside, StoragePaths.IsWithin(path, Roots));
}
