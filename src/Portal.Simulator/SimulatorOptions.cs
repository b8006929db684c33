namespace Portal.Simulator;

public sealed class SimulatorOptions
{
    /// <summary>How long a simulated guest takes to release an unplugged disk (QEMU guests: a fraction of a second).</summary>
    public TimeSpan UnplugDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public long NewDiskCapacityBytes { get; set; } = 10L << 30;

    /// <summary>Where the simulated hosts keep disk images (the storage location ops may attach from).</summary>
    public string ImageDirectory { get; set; } = "/var/lib/libvirt/images";

    /// <summary>Unattached images each simulated host offers for hot-plug.</summary>
    public int SpareImagesPerHost { get; set; } = 4;
}
