using Portal.Core.Hypervisor;

namespace Portal.Core.Triage;

/// <summary>What the analysis knows of the VM now: its size and its disks' cache and io modes.</summary>
public sealed record VmFacts(string Name, int Vcpus, long MemoryKiB, long MaxMemoryKiB, IReadOnlyList<DiskFact> Disks)
{
    public DiskFact? Disk(string target) => Disks.FirstOrDefault(d => d.Target == target);
}

public sealed record DiskFact(string Target, DiskCache Cache, DiskIo Io);
