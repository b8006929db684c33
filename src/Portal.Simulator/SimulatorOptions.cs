namespace Portal.Simulator;

public sealed class SimulatorOptions
{
    /// <summary>How long a simulated guest takes to release an unplugged disk (QEMU guests: a fraction of a second).</summary>
    public TimeSpan UnplugDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public long NewDiskCapacityBytes { get; set; } = 10L << 30;
}
