namespace Portal.Core.Hypervisor;

public enum DomainEventKind
{
    Defined,
    Undefined,
    Started,
    Suspended,
    Resumed,
    Stopped,
    Shutdown,
    Crashed,
    DeviceAdded,
    DeviceRemoved,
    DeviceRemovalFailed,
    BalloonChanged,
}

/// <summary>
/// Something a host reported about a domain. For device events <see cref="Device"/> is the device alias
/// (e.g. <c>virtio-disk1</c>) or target; for balloon changes <see cref="BalloonKiB"/> is the new size.
/// </summary>
public sealed record DomainEvent(
    Guid Uuid,
    DateTime TimeUtc,
    DomainEventKind Kind,
    string? Device = null,
    long? BalloonKiB = null,
    string? Detail = null);
