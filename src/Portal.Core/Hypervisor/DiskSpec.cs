namespace Portal.Core.Hypervisor;

/// <summary>A disk to attach, as validated by <see cref="Ops.DiskRules"/> before any host is asked.</summary>
public sealed record DiskSpec(
    string Source,
    string Target,
    DiskBus Bus,
    DiskFormat Format,
    DiskCache Cache,
    DiskIo Io,
    bool ReadOnly,
    string? Serial);

/// <summary>Where a device change applies: the running domain, its persistent definition, or both.</summary>
public enum ChangeScope
{
    LiveAndPersistent,
    LiveOnly,
    PersistentOnly,
}
