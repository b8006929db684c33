namespace Portal.Core.Metrics;

/// <summary>
/// Every series the portal stores for a VM. The numbers are part of the stored format (layouts name them): never
/// renumber, only add. Units are in the names.
/// </summary>
public enum Metric : short
{
    /// <summary>The VM on its node: delta cpu.time / delta t, in % of one host core (0 .. vCPUs x 100).</summary>
    CpuPercent = 1,
    /// <summary>One vCPU: delta vcpu.N.time / delta t, in %.</summary>
    VcpuPercent = 2,
    /// <summary>Time a vCPU was runnable but not running (steal): delta vcpu.N.delay / delta t, in %.</summary>
    VcpuStealPercent = 3,

    MemoryAllocationKiB = 10,
    MemoryUsedKiB = 11,
    MemoryAvailableKiB = 12,
    MemoryRssKiB = 13,
    /// <summary>The most the balloon may give the VM without a restart (balloon.maximum, the domain's maximum memory).</summary>
    MemoryMaximumKiB = 14,

    SwapInKiBPerSecond = 20,
    SwapOutKiBPerSecond = 21,
    MajorFaultsPerSecond = 22,

    DiskReadBytesPerSecond = 30,
    DiskWriteBytesPerSecond = 31,
    DiskReadRequestsPerSecond = 32,
    DiskWriteRequestsPerSecond = 33,
    /// <summary>
    /// Time per read request: delta block.N.rd.times / delta block.N.rd.reqs, in milliseconds. No requests in an
    /// interval, no value (a gap). Rollups average the intervals' latencies, not the requests'.
    /// </summary>
    DiskReadLatencyMs = 34,
    /// <summary>Time per write request: delta block.N.wr.times / delta block.N.wr.reqs, in milliseconds.</summary>
    DiskWriteLatencyMs = 35,

    NetRxBytesPerSecond = 40,
    NetTxBytesPerSecond = 41,
    NetRxPacketsPerSecond = 42,
    NetTxPacketsPerSecond = 43,
    NetRxErrorsPerSecond = 44,
    NetTxErrorsPerSecond = 45,
    NetRxDropsPerSecond = 46,
    NetTxDropsPerSecond = 47,
}
