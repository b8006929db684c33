using Portal.Core.Inventory;

namespace Portal.Core.Hypervisor;

/// <summary>
/// One domain's cumulative counters from one bulk-stats call. A group the host did not report is null (or an
/// empty list), never zero, so rate maths can tell "no data" from "idle".
/// </summary>
public sealed record DomainStats(
    Guid Uuid,
    VmState State,
    CpuCounters? Cpu,
    IReadOnlyList<VcpuCounters> Vcpus,
    BalloonCounters? Balloon,
    IReadOnlyList<NetCounters> Nets,
    IReadOnlyList<BlockCounters> Blocks);

/// <summary>cpu.time, cpu.user, cpu.system in nanoseconds.</summary>
public sealed record CpuCounters(ulong TimeNs, ulong? UserNs, ulong? SystemNs);

/// <summary>vcpu.N.time (running), vcpu.N.wait (idle/io) and vcpu.N.delay (steal) in nanoseconds.</summary>
public sealed record VcpuCounters(int Index, ulong? TimeNs, ulong? WaitNs, ulong? DelayNs);

/// <summary>balloon.* in KiB; swap in/out are cumulative KiB, faults cumulative counts.</summary>
public sealed record BalloonCounters(
    long? CurrentKiB,
    long? MaximumKiB,
    ulong? SwapInKiB,
    ulong? SwapOutKiB,
    ulong? MajorFaults,
    ulong? MinorFaults,
    long? UnusedKiB,
    long? AvailableKiB,
    long? UsableKiB,
    long? RssKiB);

/// <summary>net.N.* counters; <see cref="Device"/> is the host-side tap name.</summary>
public sealed record NetCounters(
    string Device,
    ulong? RxBytes, ulong? RxPackets, ulong? RxErrors, ulong? RxDrops,
    ulong? TxBytes, ulong? TxPackets, ulong? TxErrors, ulong? TxDrops);

/// <summary>block.N.* counters keyed by the disk target; the times (rd.times, wr.times) are nanoseconds spent on requests.</summary>
public sealed record BlockCounters(string Target, ulong? ReadBytes, ulong? ReadRequests, ulong? WriteBytes, ulong? WriteRequests,
    ulong? ReadTimeNs = null, ulong? WriteTimeNs = null);

/// <summary>Everything one bulk-stats call returned, stamped with the time the call finished.</summary>
public sealed record StatsSweep(DateTime TimestampUtc, IReadOnlyList<DomainStats> Domains);
