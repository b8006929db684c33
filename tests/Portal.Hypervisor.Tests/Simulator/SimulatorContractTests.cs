using Portal.Core.Hypervisor;
using Portal.Simulator;

namespace Portal.Hypervisor.Tests;

public sealed class SimulatorContractTests : HypervisorContract, IAsyncLifetime
{
    private readonly SimulatedHost _host = new("sim://test", [DemoFleet.Vms.Single(v => v.Name == "shop-db-01") with { Host = "test" }],
        new SimulatorOptions { UnplugDelay = TimeSpan.FromMilliseconds(50) }, TimeProvider.System);

    protected override IHypervisorConnection Connection => _host;
    protected override Guid RunningDomain => DemoFleet.Vms.Single(v => v.Name == "shop-db-01").Uuid;
    protected override long DomainMemoryKiB => DemoFleet.Vms.Single(v => v.Name == "shop-db-01").MemoryKiB;
    protected override string NewDiskImage(string format)
    {
        var path = $"/var/lib/libvirt/images/{Guid.NewGuid():N}.{format}";
        _host.AddImage(path, 16L << 20, format == "qcow2" ? DiskFormat.Qcow2 : DiskFormat.Raw);
        return path;
    }

    protected override string StorageDirectory => new SimulatorOptions().ImageDirectory;

    // Every test has a host of its own (xunit makes an instance per test), so the running domain is the test's own too.
    protected override Task<OwnDomain> BootOwnDomainAsync() => Task.FromResult(new OwnDomain(RunningDomain, () => ValueTask.CompletedTask));

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
