using Portal.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Hypervisor;
using Portal.Libvirt;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>
/// The local libvirtd (started by ./test.sh) with one shared guest, for every test that needs real QEMU, reached two
/// ways: <see cref="Connection"/> over qemu:///system and <see cref="SshConnection"/> over qemu+ssh through a loopback
/// sshd, as the portal reaches a remote host. Those tests share one collection, so that guests are not booted side by
/// side on two cores.
/// </summary>
public sealed class QemuHost : IAsyncLifetime
{
    public const string Local = "local", Ssh = "ssh";

    public IHypervisorConnection Connection { get; private set; } = default!;
    public IHypervisorConnection SshConnection { get; private set; } = default!;

    /// <summary>The connection a theory names: <see cref="Local"/> or <see cref="Ssh"/>.</summary>
    public IHypervisorConnection Over(string transport) => transport switch
    {
        Local => Connection,
        Ssh => SshConnection,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "local or ssh"),
    };
    public QemuGuest Guest { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        Connection = await NewConnector().OpenAsync(QemuGuest.Uri);
        SshConnection = await NewConnector().OpenAsync(LoopbackSsh.Uri);
        Guest = await QemuGuest.BootAsync("shared");
    }

    public static LibvirtConnector NewConnector() =>
        new(new LibvirtOptions(), TimeProvider.System, NullLoggerFactory.Instance);

    public async Task DisposeAsync()
    {
        if (Guest is not null) await Guest.DisposeAsync();
        if (Connection is not null) await Connection.DisposeAsync();
        if (SshConnection is not null) await SshConnection.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class QemuTests : ICollectionFixture<QemuHost>
{
    public const string Name = "qemu";
}
