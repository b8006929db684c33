using Portal.Testing;
using Portal.Core.Hypervisor;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>The hypervisor contract against real libvirtd and a booted QEMU guest.</summary>
[Collection(QemuTests.Name)]
public sealed class LibvirtContractTests(QemuHost qemu) : HypervisorContract
{
    protected override IHypervisorConnection Connection => qemu.Connection;
    protected override Guid RunningDomain => qemu.Guest.Uuid;
    protected override long DomainMemoryKiB => QemuGuest.MemoryKiB;

    protected override string StorageDirectory => QemuGuest.ImageDirectory;

    protected override async Task<OwnDomain> BootOwnDomainAsync()
    {
        var guest = await QemuGuest.BootAsync("contract");
        return new OwnDomain(guest.Uuid, guest.DisposeAsync, boot => guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, boot));
    }

    protected override string NewDiskImage(string format) =>
        QemuGuest.CreateImage(Path.Combine(QemuGuest.ImageDirectory, $"{qemu.Guest.Name}-extra-{Guid.NewGuid():N}.{format}"), format);
}
