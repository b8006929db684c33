using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Simulator;

/// <summary>The mutable state of one simulated domain. Guarded by its host's lock.</summary>
internal sealed class SimulatedDomain
{
    public SimulatedDomain(SimulatedVm vm, DateTime now)
    {
        Vm = vm;
        State = vm.InitialState;
        MemoryKiB = ConfigMemoryKiB = vm.MemoryKiB;
        MaxMemoryKiB = ConfigMaxMemoryKiB = vm.MaxMemoryKiB;
        LiveDisks = [.. vm.InitialDisks()];
        ConfigDisks = [.. LiveDisks];
        Counters = new DomainCounters(vm.Vcpus);
        LastAdvancedUtc = now;
        if (State == VmState.Running) Boots = 1;
    }

    public SimulatedVm Vm { get; }
    public VmState State { get; set; }
    public long MemoryKiB { get; set; }
    public long MaxMemoryKiB { get; set; }
    public long ConfigMemoryKiB { get; set; }
    public long ConfigMaxMemoryKiB { get; set; }
    public List<DomainDisk> LiveDisks { get; set; }
    public List<DomainDisk> ConfigDisks { get; set; }
    /// <summary>Disks the guest was asked to release and has not yet: still in the live definition.</summary>
    public HashSet<string> DetachPending { get; } = new(StringComparer.Ordinal);
    public DomainCounters Counters { get; set; }
    public DateTime LastAdvancedUtc { get; set; }
    public int Boots { get; set; }
    /// <summary>A guest that never answers unplug requests (a hung or agent-less OS).</summary>
    public bool GuestIgnoresUnplug { get; set; }

    public bool IsActive => State is VmState.Running or VmState.Paused or VmState.Blocked or VmState.ShuttingDown;

    /// <summary>The tap device changes on every start, as libvirt's vnetN does.</summary>
    public string TapDevice => $"vnet{(Math.Abs(Vm.Seed) % 50) + Boots}";

    public DomainDescription Describe(string? tenantTag) => new(
        Vm.Uuid, Vm.Name, State, Vm.Vcpus,
        IsActive ? MemoryKiB : ConfigMemoryKiB,
        IsActive ? MaxMemoryKiB : ConfigMaxMemoryKiB,
        tenantTag,
        (IsActive ? LiveDisks : ConfigDisks).ToArray(),
        [new DomainNic(Vm.Mac, "virtio", IsActive ? TapDevice : null)]);

    public void Boot(DateTime now)
    {
        State = VmState.Running;
        MemoryKiB = ConfigMemoryKiB;
        MaxMemoryKiB = ConfigMaxMemoryKiB;
        LiveDisks = [.. ConfigDisks];
        DetachPending.Clear();
        Counters = new DomainCounters(Vm.Vcpus);
        LastAdvancedUtc = now;
        Boots++;
    }

    public void PowerOff() => State = VmState.ShutOff;
}
