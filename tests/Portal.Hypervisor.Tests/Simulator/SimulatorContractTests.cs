using Portal.Core.Hypervisor;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests;

public sealed class SimulatorContractTests : HypervisorContract, IAsyncLifetime
{
    private static readonly SimulatorOptions Options = new() { UnplugDelay = TimeSpan.FromMilliseconds(50) };
    private readonly SimulatedHost _host = new("sim://test", [DemoFleet.Vms.Single(v => v.Name == "shop-db-01") with { Host = "test" }],
        Options, TimeProvider.System);

    protected override IHypervisorConnection Connection => _host;
    protected override Guid RunningDomain => DemoFleet.Vms.Single(v => v.Name == "shop-db-01").Uuid;
    protected override long DomainMemoryKiB => DemoFleet.Vms.Single(v => v.Name == "shop-db-01").MemoryKiB;

    protected override string StoragePool => Options.PoolName;

    protected override string NewDiskImage(string format)
    {
        var name = $"{Guid.NewGuid():N}.{format}";
        _host.AddImage($"{Options.ImageDirectory}/{name}", 16L << 20, format == "qcow2" ? DiskFormat.Qcow2 : DiskFormat.Raw);
        return name;
    }

    protected override string NewOverlayImage(string backingPath)
    {
        var name = $"{Guid.NewGuid():N}-overlay.qcow2";
        _host.AddImage($"{Options.ImageDirectory}/{name}", 16L << 20, DiskFormat.Qcow2, new BackingStore(backingPath, "qcow2"));
        return name;
    }

    protected override string NewImageOutsideThePools()
    {
        var path = $"/srv/outside/{Guid.NewGuid():N}.qcow2";
        _host.AddImage(path, 16L << 20, DiskFormat.Qcow2);
        return path;
    }

    // Every test has a host of its own (xunit makes an instance per test), so the running domain is the test's own too.
    protected override Task<OwnDomain> BootOwnDomainAsync() => Task.FromResult(new OwnDomain(RunningDomain, () => ValueTask.CompletedTask));

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
