using Portal.Libvirt;
using Portal.Testing;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// A test with a QEMU guest of its own (tenant acme) booted on the local libvirtd, and a portal whose one host that
/// is; both gone when the test ends. Such tests run in <see cref="QemuWebTests"/>, one at a time.
/// </summary>
public abstract class QemuPortalTest(string role, params (string Key, string Value)[] settings) : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"portal-qemu-{role}-" + Guid.NewGuid().ToString("N"));

    protected QemuGuest Guest { get; private set; } = default!;
    internal PortalOnData Portal { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        Guest = await QemuGuest.BootAsync(role);
        Portal = QemuPortal.Start(_dataDirectory, settings);
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null) await Portal.DisposeAsync();
        if (Guest is not null) await Guest.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
