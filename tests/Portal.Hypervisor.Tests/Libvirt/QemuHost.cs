using Portal.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Hypervisor;
using Portal.Libvirt;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>
/// The local libvirtd (started by ./test.sh) with one shared guest, for every test that needs real QEMU. Those
/// tests share one collection, so that guests are not booted side by side on two cores.
/// </summary>
public sealed class QemuHost : IAsyncLifetime
{
    public IHypervisorConnection Connection { get; private set; } = default!;
    public QemuGuest Guest { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        Connection = await NewConnector().OpenAsync(QemuGuest.Uri);
        Guest = await QemuGuest.BootAsync("shared");
    }

    public static LibvirtConnector NewConnector() =>
        new(new LibvirtOptions(), TimeProvider.System, NullLoggerFactory.Instance);

    public async Task DisposeAsync()
    {
        if (Guest is not null) await Guest.DisposeAsync();
        if (Connection is not null) await Connection.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class QemuTests : ICollectionFixture<QemuHost>
{
    public const string Name = "qemu";
}
