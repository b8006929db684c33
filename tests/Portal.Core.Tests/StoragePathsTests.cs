using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class StoragePathsTests
{
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
}
