using Portal.Core.Hypervisor;

namespace Portal.Core.Inventory;

/// <summary>The portal's record of a libvirt domain, kept in step with its host by inventory sync.</summary>
public sealed class Vm
{
    private readonly List<VmDisk> _disks = [];
    private readonly List<VmNic> _nics = [];

    private Vm(Guid uuid, string name, int hostId)
    {
        Uuid = uuid;
        Name = name;
        HostId = hostId;
    }

    public int Id { get; private set; }
    public Guid Uuid { get; private set; }
    public string Name { get; private set; }
    public int HostId { get; private set; }
    public HypervisorHost? Host { get; private set; }
    public int? TenantId { get; private set; }
    public Tenancy.Tenant? Tenant { get; private set; }
    public VmState State { get; private set; }
    public int Vcpus { get; private set; }
    public long MemoryKiB { get; private set; }
    public long MaxMemoryKiB { get; private set; }
    /// <summary>The sizes the VM gets at its next start when they differ from the live ones; see <see cref="DomainDescription"/>.</summary>
    public long? NextStartMemoryKiB { get; private set; }
    public long? NextStartMaxMemoryKiB { get; private set; }
    /// <summary>False once the domain is no longer defined on its host; its history is kept.</summary>
    public bool Present { get; private set; } = true;
    public IReadOnlyList<VmDisk> Disks => _disks;
    public IReadOnlyList<VmNic> Nics => _nics;

    public static Vm From(DomainDescription domain, int hostId, int? tenantId)
    {
        var vm = new Vm(domain.Uuid, domain.Name, hostId);
        vm.Apply(domain, hostId, tenantId);
        return vm;
    }

    /// <summary>Brings the record in line with what the host reports; devices are matched by target and MAC.</summary>
    public void Apply(DomainDescription domain, int hostId, int? tenantId)
    {
        Name = domain.Name;
        HostId = hostId;
        TenantId = tenantId;
        State = domain.State;
        Vcpus = domain.Vcpus;
        MemoryKiB = domain.MemoryKiB;
        MaxMemoryKiB = domain.MaxMemoryKiB;
        NextStartMemoryKiB = domain.NextStartMemoryKiB;
        NextStartMaxMemoryKiB = domain.NextStartMaxMemoryKiB;
        Present = true;
        SyncDisks(domain.Disks);
        SyncNics(domain.Nics);
    }

    public void MarkGone() => Present = false;

    /// <summary>The tenant the portal has just written to the host's metadata (the next sync reads the same).</summary>
    public void AssignTenant(int? tenantId) => TenantId = tenantId;

    private void SyncDisks(IReadOnlyList<DomainDisk> disks)
    {
        _disks.RemoveAll(d => disks.All(n => n.Target != d.Target));
        foreach (var disk in disks)
        {
            var existing = _disks.Find(d => d.Target == disk.Target);
            if (existing is null) _disks.Add(new VmDisk(disk));
            else existing.Apply(disk);
        }
    }

    private void SyncNics(IReadOnlyList<DomainNic> nics)
    {
        _nics.RemoveAll(n => nics.All(x => !MacAddress.Equal(x.Mac, n.Mac)));
        foreach (var nic in nics)
        {
            var existing = _nics.Find(n => MacAddress.Equal(n.Mac, nic.Mac));
            if (existing is null) _nics.Add(new VmNic(nic));
            else existing.Apply(nic);
        }
    }
}
