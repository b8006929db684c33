namespace Portal.Core.Hypervisor;

/// <summary>
/// A disk to attach, as validated by <see cref="Ops.DiskRules"/> and <see cref="Ops.DiskSources"/> before any host is
/// asked. <see cref="Source"/> is the path the host's libvirt gave for a volume of one of its pools;
/// <see cref="IsBlockDevice"/> says whether that volume is a block device rather than a file.
/// </summary>
public sealed record DiskSpec(
    string Source,
    string Target,
    DiskBus Bus,
    DiskFormat Format,
    DiskCache Cache,
    DiskIo Io,
    bool ReadOnly,
    string? Serial,
    bool IsBlockDevice = false);

/// <summary>Where a device change applies: the running domain, its persistent definition, or both.</summary>
public enum ChangeScope
{
    LiveAndPersistent,
    LiveOnly,
    PersistentOnly,
}
