namespace Portal.Core.Hypervisor;

public enum DomainEventKind
{
    Defined,
    Undefined,
    Started,
    Suspended,
    Resumed,
    Stopped,
    /// <summary>The guest finished shutting down; a <see cref="Stopped"/> follows when the host ends the domain.</summary>
    Shutdown,
    Crashed,
    DeviceAdded,
    DeviceRemoved,
    DeviceRemovalFailed,
    BalloonChanged,
    /// <summary>The guest was reset and boots again in the same domain (a reboot): no lifecycle event comes with it.</summary>
    Rebooted,
}

/// <summary>
/// Something a host reported about a domain. For device events <see cref="Device"/> names the device as the portal
/// does: a disk by its target (<c>vdb</c>), a NIC by its MAC; only a device the host could not name otherwise keeps
/// the host's own alias (e.g. <c>virtio-disk1</c>). For balloon changes <see cref="BalloonKiB"/> is the new size. For
/// lifecycle events <see cref="Detail"/> says why, as <see cref="LifecycleDetail"/> words it, when the host says.
/// </summary>
public sealed record DomainEvent(
    Guid Uuid,
    DateTime TimeUtc,
    DomainEventKind Kind,
    string? Device = null,
    long? BalloonKiB = null,
    string? Detail = null);
