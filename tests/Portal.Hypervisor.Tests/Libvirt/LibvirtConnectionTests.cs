using Portal.Core.Hypervisor;
using Portal.Libvirt;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>libvirt's built-in test driver (no daemon) and unreachable hosts: errors, missing groups, backoff.</summary>
public sealed class LibvirtConnectionTests
{
    private static readonly Guid TestDomain = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");

    [Fact]
    public async Task The_test_driver_lists_its_domain()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync("test:///default");

        var domain = Assert.Single(await host.ListDomainsAsync());

        Assert.Equal(("test", TestDomain, Core.Inventory.VmState.Running), (domain.Name, domain.Uuid, domain.State));
    }

    [Fact]
    public async Task Groups_a_driver_does_not_report_are_absent_not_zero()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync("test:///default");

        var stats = Assert.Single((await host.GetStatsAsync()).Domains);

        Assert.Equal(Core.Inventory.VmState.Running, stats.State);
        Assert.Null(stats.Cpu);
        Assert.Null(stats.Balloon);
        Assert.Empty(stats.Vcpus);
        Assert.Empty(stats.Nets);
        Assert.Empty(stats.Blocks);
    }

    [Fact]
    public async Task An_unknown_domain_is_a_libvirt_exception_with_libvirts_numbers()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync("test:///default");

        var error = await Assert.ThrowsAsync<LibvirtException>(() => host.GetDomainAsync(Guid.NewGuid()));

        Assert.Equal(HypervisorErrorKind.NoDomain, error.Kind);
        Assert.Equal(42, error.Code); // VIR_ERR_NO_DOMAIN
        Assert.NotEqual(0, error.Domain);
    }

    [Fact]
    public async Task A_driver_that_cannot_hot_plug_says_so()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync("test:///default");
        var disk = new DiskSpec("/var/lib/libvirt/images/x.raw", "vdb", DiskBus.Virtio, DiskFormat.Raw, DiskCache.None, DiskIo.Native, false, null);

        var error = await Assert.ThrowsAsync<LibvirtException>(() => host.AttachDiskAsync(TestDomain, disk, ChangeScope.LiveAndPersistent));

        Assert.Equal(HypervisorErrorKind.NotSupported, error.Kind);
    }

    [Fact]
    public async Task A_host_that_is_down_fails_then_backs_off_without_trying_again_at_once()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync($"qemu+unix:///system?socket=/run/portal-no-such-{Guid.NewGuid():N}.sock");

        var first = await Assert.ThrowsAsync<LibvirtException>(() => host.ListDomainsAsync());
        var second = await Assert.ThrowsAsync<LibvirtException>(() => host.ListDomainsAsync());

        Assert.Equal(HypervisorErrorKind.ConnectionFailed, first.Kind);
        Assert.Equal(HypervisorErrorKind.ConnectionFailed, second.Kind);
        Assert.Contains("next attempt in", second.Message, StringComparison.Ordinal);
        Assert.Contains(first.Message, second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assigning_a_tenant_on_a_host_that_is_down_is_a_connection_failure()
    {
        await using var host = await QemuHost.NewConnector().OpenAsync($"qemu+unix:///system?socket=/run/portal-no-such-{Guid.NewGuid():N}.sock");

        var error = await Assert.ThrowsAsync<LibvirtException>(() => host.SetTenantAsync(TestDomain, "acme"));

        Assert.Equal(HypervisorErrorKind.ConnectionFailed, error.Kind);
    }

    [Fact]
    public void The_connector_takes_libvirt_uris_and_leaves_the_rest()
    {
        var connector = QemuHost.NewConnector();

        Assert.True(connector.CanOpen("qemu:///system"));
        Assert.True(connector.CanOpen("qemu+ssh://root@kvm1/system"));
        Assert.True(connector.CanOpen("qemu+tls://kvm2.example/system"));
        Assert.True(connector.CanOpen("test:///default"));
        Assert.False(connector.CanOpen("sim://node-a"));
        Assert.False(connector.CanOpen("/var/run/libvirt"));
    }
}
