namespace Portal.Simulator;

/// <summary>What a simulated VM is doing at one instant: rates, not counters.</summary>
public sealed record LoadSample(
    double[] VcpuBusy,
    double Steal,
    double NetRxBytesPerSecond,
    double NetTxBytesPerSecond,
    double DiskReadBytesPerSecond,
    double DiskWriteBytesPerSecond,
    double SwapInKiBPerSecond,
    double SwapOutKiBPerSecond,
    double MajorFaultsPerSecond,
    double MemoryUsedFraction,
    double DiskReadLatencyMs,
    double DiskWriteLatencyMs)
{
    /// <summary>Typical request sizes turn byte rates into request and packet rates.</summary>
    public const double BytesPerPacket = 900;
    public const double BytesPerDiskRequest = 32 * 1024;
}
