namespace Portal.Simulator;

public sealed class SimulatorOptions
{
    /// <summary>How long a simulated guest takes to release an unplugged disk (QEMU guests: a fraction of a second).</summary>
    public TimeSpan UnplugDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The one storage pool of each simulated host (a directory pool at <see cref="ImageDirectory"/>).</summary>
    public string PoolName { get; set; } = "default";

    /// <summary>
    /// How long a simulated guest takes to answer the ACPI power button (a shutdown or a reboot); zero answers at once,
    /// before the request returns.
    /// </summary>
    public TimeSpan PowerButtonDelay { get; set; } = TimeSpan.Zero;

    /// <summary>What the portal's simulated hosts take to answer the power button: long enough to show progress.</summary>
    public static readonly TimeSpan DemoPowerButtonDelay = TimeSpan.FromSeconds(2);

    /// <summary>Where the simulated hosts keep disk images: the target of their storage pool.</summary>
    public string ImageDirectory { get; set; } = "/var/lib/libvirt/images";

    /// <summary>Unattached images each simulated host offers for hot-plug.</summary>
    public int SpareImagesPerHost { get; set; } = 4;

    /// <summary>
    /// Whether each simulated host also has a qcow2 overlay whose backing file lies outside its pool (as a guest could
    /// write into an image's header), which the portal must refuse to attach.
    /// </summary>
    public bool OverlayOutsidePool { get; set; } = true;

    /// <summary>
    /// Where each simulated host keeps what must outlive the process (the tenant assignments made through the port),
    /// one small JSON file per host, read when the host is opened; null keeps it in memory only.
    /// </summary>
    public string? StateDirectory { get; set; }
}
