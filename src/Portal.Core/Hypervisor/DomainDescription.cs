using Portal.Core.Inventory;

namespace Portal.Core.Hypervisor;

/// <summary>A domain as its host defines it now (the live definition when running).</summary>
public sealed record DomainDescription(
    Guid Uuid,
    string Name,
    VmState State,
    int Vcpus,
    long MemoryKiB,
    long MaxMemoryKiB,
    string? TenantTag,
    IReadOnlyList<DomainDisk> Disks,
    IReadOnlyList<DomainNic> Nics);

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
