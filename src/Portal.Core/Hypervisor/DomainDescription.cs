using Portal.Core.Inventory;

namespace Portal.Core.Hypervisor;

/// <summary>A domain as its host defines it now (the live definition when running).</summary>
/// <param name="NextStartMemoryKiB">
/// The current memory the domain gets at its next start, when that differs from now: set, with
/// <paramref name="NextStartMaxMemoryKiB"/>, only while the domain is active (running or paused) and its persistent
/// definition's current or maximum memory differs from the live one (a change made "at next start"). Both are null
/// otherwise, and always for a domain that is shut off, whose sizes already are the persistent ones. Where the live
/// current memory is the balloon's actual size (QEMU), a balloon that has not reached its target shows here too.
/// </param>
/// <param name="NextStartMaxMemoryKiB">The maximum memory at the next start; set and null together with <paramref name="NextStartMemoryKiB"/>.</param>
public sealed record DomainDescription(
    Guid Uuid,
    string Name,
    VmState State,
    int Vcpus,
    long MemoryKiB,
    long MaxMemoryKiB,
    string? TenantTag,
    IReadOnlyList<DomainDisk> Disks,
    IReadOnlyList<DomainNic> Nics,
    long? NextStartMemoryKiB = null,
    long? NextStartMaxMemoryKiB = null);

public sealed record DomainDisk(
    string Target,
    string Source,
    DiskBus Bus,
    DiskFormat Format,
    DiskCache Cache,
    DiskIo Io,
    bool ReadOnly,
    string? Serial,
    long? CapacityBytes = null);

/// <summary>A NIC; <see cref="HostDevice"/> is the tap name, which bulk stats report instead of the MAC.</summary>
public sealed record DomainNic(string Mac, string Model, string? HostDevice);
