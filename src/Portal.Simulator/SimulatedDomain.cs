using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Simulator;

/// <summary>The mutable state of one simulated domain. Guarded by its host's lock.</summary>
internal sealed class SimulatedDomain
{
    public SimulatedDomain(SimulatedVm vm, DateTime now)
    {
        Vm = vm;
        Tenant = vm.Tenant;
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
    /// <summary>The tenant tag in the domain's metadata (live and persistent alike); null when it has none.</summary>
    public string? Tenant { get; set; }
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
    /// <summary>A guest that does not answer the ACPI power button (no acpid, or hung): shutdown and reboot do nothing.</summary>
    public bool GuestIgnoresPowerButton { get; set; }

    public bool IsActive => State is VmState.Running or VmState.Paused or VmState.Blocked or VmState.ShuttingDown;

    /// <summary>The tap device changes on every start, as libvirt's vnetN does.</summary>
    public string TapDevice => $"vnet{(Math.Abs(Vm.Seed) % 50) + Boots}";

    /// <summary>Memory written "at next start" while active: the persistent sizes differ from the live ones.</summary>
    private bool MemoryPending => IsActive && (ConfigMemoryKiB != MemoryKiB || ConfigMaxMemoryKiB != MaxMemoryKiB);

    public DomainDescription Describe() => new(
        Vm.Uuid, Vm.Name, State, Vm.Vcpus,
        IsActive ? MemoryKiB : ConfigMemoryKiB,
        IsActive ? MaxMemoryKiB : ConfigMaxMemoryKiB,
        Tenant,
        (IsActive ? LiveDisks : ConfigDisks).ToArray(),
        [new DomainNic(Vm.Mac, "virtio", IsActive ? TapDevice : null)],
        MemoryPending ? ConfigMemoryKiB : null,
        MemoryPending ? ConfigMaxMemoryKiB : null);

    /// <summary>A start: the persistent definition becomes the live one.</summary>
    public void Boot(DateTime now)
    {
        State = VmState.Running;
        MemoryKiB = ConfigMemoryKiB;
        MaxMemoryKiB = ConfigMaxMemoryKiB;
        LiveDisks = [.. ConfigDisks];
        DetachPending.Clear();
        Boots++;
        RestartGuest(now);
    }

    /// <summary>
    /// A reboot: the guest starts over (its counters too) in the same QEMU process, which keeps the live definition,
    /// so changes made "at next start" stay pending.
    /// </summary>
    public void RestartGuest(DateTime now)
    {
        Counters = new DomainCounters(Vm.Vcpus);
        LastAdvancedUtc = now;
    }

    public void PowerOff() => State = VmState.ShutOff;
}
