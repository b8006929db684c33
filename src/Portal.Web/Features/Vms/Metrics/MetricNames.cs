using Portal.Core.Metrics;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>How each metric is named and measured in the API and charts.</summary>
public static class MetricNames
{
    public static (string Name, string Unit) Of(Metric metric) => metric switch
    {
        Metric.CpuPercent => ("cpu", "%"),
        Metric.VcpuPercent => ("vcpu", "%"),
        Metric.VcpuStealPercent => ("vcpuSteal", "%"),
        Metric.MemoryAllocationKiB => ("memoryAllocation", "KiB"),
        Metric.MemoryUsedKiB => ("memoryUsed", "KiB"),
        Metric.MemoryAvailableKiB => ("memoryAvailable", "KiB"),
        Metric.MemoryRssKiB => ("memoryRss", "KiB"),
        Metric.MemoryMaximumKiB => ("memoryMaximum", "KiB"),
        Metric.SwapInKiBPerSecond => ("swapIn", "KiB/s"),
        Metric.SwapOutKiBPerSecond => ("swapOut", "KiB/s"),
        Metric.MajorFaultsPerSecond => ("majorFaults", "1/s"),
        Metric.DiskReadBytesPerSecond => ("diskRead", "B/s"),
        Metric.DiskWriteBytesPerSecond => ("diskWrite", "B/s"),
        Metric.DiskReadRequestsPerSecond => ("diskReadRequests", "1/s"),
        Metric.DiskWriteRequestsPerSecond => ("diskWriteRequests", "1/s"),
        Metric.DiskReadLatencyMs => ("diskReadLatency", "ms"),
        Metric.DiskWriteLatencyMs => ("diskWriteLatency", "ms"),
        Metric.NetRxBytesPerSecond => ("netRx", "B/s"),
        Metric.NetTxBytesPerSecond => ("netTx", "B/s"),
        Metric.NetRxPacketsPerSecond => ("netRxPackets", "1/s"),
        Metric.NetTxPacketsPerSecond => ("netTxPackets", "1/s"),
        Metric.NetRxErrorsPerSecond => ("netRxErrors", "1/s"),
        Metric.NetTxErrorsPerSecond => ("netTxErrors", "1/s"),
        Metric.NetRxDropsPerSecond => ("netRxDrops", "1/s"),
        Metric.NetTxDropsPerSecond => ("netTxDrops", "1/s"),
        _ => (metric.ToString(), ""),
    };
}
