using System.Security.Cryptography;
using System.Text;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Simulator;

/// <summary>The definition of one simulated VM: identity, size, devices, and the character of its load.</summary>
public sealed record SimulatedVm(
    string Name,
    string Tenant,
    string Host,
    int Vcpus,
    long MemoryKiB,
    long MaxMemoryKiB,
    WorkloadKind Workload,
    VmState InitialState = VmState.Running,
    int DataDisks = 1,
    long? WorkingSetKiB = null)
{
    /// <summary>What the guest's software uses at its busiest; more memory adds headroom, not use.</summary>
    public long WorkingSet => WorkingSetKiB ?? MemoryKiB;

    public Guid Uuid => StableGuid("uuid:" + Name);

    /// <summary>Locally administered QEMU prefix 52:54:00 plus three bytes derived from the name.</summary>
    public string Mac
    {
        get
        {
            var b = StableGuid("mac:" + Name).ToByteArray();
            return $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
        }
    }

    /// <summary>A per-VM seed so that two VMs of the same kind do not move in lockstep.</summary>
    public int Seed => BitConverter.ToInt32(StableGuid("seed:" + Name).ToByteArray(), 0);

    public IReadOnlyList<DomainDisk> InitialDisks()
    {
        var disks = new List<DomainDisk>
        {
            new("vda", $"/var/lib/libvirt/images/{Name}-root.qcow2", DiskBus.Virtio, DiskFormat.Qcow2,
                DiskCache.None, DiskIo.Native, false, null, 20L << 30),
        };
        for (var i = 0; i < DataDisks; i++)
        {
            disks.Add(new($"vd{(char)('b' + i)}", $"/var/lib/libvirt/images/{Name}-data{i + 1}.raw", DiskBus.Virtio,
                DiskFormat.Raw, DiskCache.Writeback, DiskIo.Threads, false, Serial(i + 1), 100L << 30));
        }
        return disks;
    }

    private string Serial(int index)
    {
        var serial = Name.Replace("-", "", StringComparison.Ordinal) + "d" + index;
        return serial.Length <= 20 ? serial : serial[^20..];
    }

    private static Guid StableGuid(string text) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("portal-sim:" + text)).AsSpan(0, 16));
}
