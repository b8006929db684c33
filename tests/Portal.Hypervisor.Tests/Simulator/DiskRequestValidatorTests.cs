using Portal.Core.Hypervisor;
using Portal.Core.Ops;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests.Simulator;

public sealed class DiskRequestValidatorTests : IAsyncLifetime
{
    private static readonly SimulatedVm Web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");
    private static readonly string[] Roots = ["/var/lib/libvirt/images"];
    private readonly SimulatedHost _host = new("sim://node-a", [Web], new SimulatorOptions(), TimeProvider.System);
    private DomainDescription _domain = default!;

    public async Task InitializeAsync() => _domain = await _host.GetDomainAsync(Web.Uuid);

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private Task<IReadOnlyList<ValidationError>> Validate(string source, Func<string, bool>? elsewhere = null, DiskCache cache = DiskCache.None, DiskIo io = DiskIo.Native) =>
        DiskRequestValidator.ValidateAsync(new DiskSpec(source, "vdc", DiskBus.Virtio, DiskFormat.Raw, cache, io, false, null),
            _domain, Roots, _host, elsewhere ?? (_ => false));

    [Fact]
    public async Task A_spare_image_inside_the_storage_passes() =>
        Assert.Empty(await Validate("/var/lib/libvirt/images/node-a-spare-01.raw"));

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/var/lib/libvirt/images/../../../etc/shadow")]
    [InlineData("/var/lib/libvirt/images-other/x.raw")]
    [InlineData("images/node-a-spare-01.raw")]
    public async Task Sources_outside_the_storage_are_refused_before_the_host_is_asked(string source)
    {
        var error = Assert.Single(await Validate(source));

        Assert.Equal("source", error.Field);
        Assert.Contains("inside /var/lib/libvirt/images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_is_attached_in_the_format_it_holds()
    {
        var error = Assert.Single(await Validate("/var/lib/libvirt/images/node-a-spare-02.qcow2"));

        Assert.Equal("format", error.Field);
        Assert.Contains("is a qcow2 image: attach it as qcow2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_is_refused() =>
        Assert.Contains("no disk image", Assert.Single(await Validate("/var/lib/libvirt/images/nope.raw")).Message, StringComparison.Ordinal);

    [Fact]
    public async Task An_image_already_on_this_vm_or_another_is_refused()
    {
        var own = await Validate(Web.InitialDisks()[1].Source);
        var other = await Validate("/var/lib/libvirt/images/node-a-spare-01.raw", elsewhere: p => p.EndsWith("spare-01.raw", StringComparison.Ordinal));

        Assert.Contains("already attached to this VM", Assert.Single(own).Message, StringComparison.Ordinal);
        Assert.Contains("another VM", Assert.Single(other).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_errors_come_with_the_source_checks()
    {
        var errors = await Validate("/var/lib/libvirt/images/node-a-spare-01.raw", cache: DiskCache.Writeback, io: DiskIo.Native);

        Assert.Equal("io", Assert.Single(errors).Field);
    }
}
