using Portal.Testing;
using Portal.Core.Hypervisor;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>
/// The hypervisor contract against real libvirtd and a booted QEMU guest, through one of the fixture's connections:
/// the host on this machine, or the same libvirtd reached over ssh as a remote host is.
/// </summary>
public abstract class LibvirtContract(QemuHost qemu, IHypervisorConnection connection) : HypervisorContract
{
    protected override IHypervisorConnection Connection => connection;
    protected override Guid RunningDomain => qemu.Guest.Uuid;
    protected override long DomainMemoryKiB => QemuGuest.MemoryKiB;

    protected override string StoragePool => QemuGuest.PoolName;

    protected override async Task<OwnDomain> BootOwnDomainAsync()
    {
        var guest = await QemuGuest.BootAsync("contract");
        return new OwnDomain(guest.Uuid, guest.DisposeAsync, boot => guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, boot));
    }

    // Files the shared guest's dispose removes: they are named after it.
    protected override string NewDiskImage(string format) =>
        Path.GetFileName(QemuGuest.CreateImage(Path.Combine(QemuGuest.ImageDirectory, $"{qemu.Guest.Name}-extra-{Guid.NewGuid():N}.{format}"), format));

    protected override string NewOverlayImage(string backingPath) =>
        Path.GetFileName(QemuGuest.CreateOverlay(Path.Combine(QemuGuest.ImageDirectory, $"{qemu.Guest.Name}-overlay-{Guid.NewGuid():N}.qcow2"), backingPath));

    protected override string NewImageOutsideThePools() => QemuGuest.CreateOutsideImage(qemu.Guest.Name, "qcow2");
}

/// <summary>The contract over qemu:///system.</summary>
[Collection(QemuTests.Name)]
public sealed class LibvirtContractTests(QemuHost qemu) : LibvirtContract(qemu, qemu.Connection);

/// <summary>The contract over qemu+ssh://root@127.0.0.1:PORT/system: the portal's own code path for a remote host.</summary>
[Collection(QemuTests.Name)]
public sealed class LibvirtSshContractTests(QemuHost qemu) : LibvirtContract(qemu, qemu.SshConnection);
