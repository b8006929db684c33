using Portal.Core.Hypervisor;

namespace Portal.Core.Inventory;

/// <summary>A disk of a VM, identified within it by its target (vda, sdb...).</summary>
public sealed class VmDisk
{
    private VmDisk() => Target = Source = string.Empty;

    internal VmDisk(DomainDisk disk) : this() => Apply(disk);

    public int Id { get; private set; }
    public int VmId { get; private set; }
    public string Target { get; private set; }
    public string Source { get; private set; }
    public DiskBus Bus { get; private set; }
    public DiskFormat Format { get; private set; }
    public DiskCache Cache { get; private set; }
    public DiskIo Io { get; private set; }
    public bool ReadOnly { get; private set; }
    public string? Serial { get; private set; }
    public long? CapacityBytes { get; private set; }

    internal void Apply(DomainDisk disk)
    {
        Target = disk.Target;
        Source = disk.Source;
        Bus = disk.Bus;
        Format = disk.Format;
        Cache = disk.Cache;
        Io = disk.Io;
        ReadOnly = disk.ReadOnly;
        Serial = disk.Serial;
        CapacityBytes = disk.CapacityBytes ?? CapacityBytes;
    }
}
