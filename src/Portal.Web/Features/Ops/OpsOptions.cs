using System.ComponentModel.DataAnnotations;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>Configuration section <c>Portal:Ops</c>: where disks may come from and the bounds of live changes.</summary>
public sealed class OpsOptions
{
    public const string Section = "Portal:Ops";
    public const string DefaultStorageRoot = "/var/lib/libvirt/images";

    /// <summary>
    /// Storage locations disks may be attached from and created in: directories that are libvirt storage pools on
    /// every host. Empty means <see cref="DefaultStorageRoot"/>.
    /// </summary>
    public List<string> StorageRoots { get; set; } = [];

    [Range(16, 1 << 20)]
    public int MinMemoryMiB { get; set; } = 128;

    [Range(1, 1 << 14)]
    public int MaxMemoryGiB { get; set; } = 1024;

    [Range(1, 1 << 16)]
    public int MaxNewDiskGiB { get; set; } = 4096;

    /// <summary>How long a removal waits for the guest to release the disk before reporting it as pending.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DetachWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a shutdown or reboot waits for the guest before it reports that the guest has not answered (and the
    /// page offers a forced stop); a restart that applies memory forces the VM off after it on its own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether customers may start, shut down, reboot and force off their own tenant's VMs.</summary>
    public bool CustomersMayPower { get; set; } = true;

    public IReadOnlyList<string> Roots => StorageRoots.Count > 0 ? StorageRoots : [DefaultStorageRoot];

    public long MinMemoryKiB => MinMemoryMiB * MemoryRules.MiB;

    public long MaxMemoryKiB => MaxMemoryGiB * MemoryRules.GiB;

    /// <summary>Roots must be absolute, clean and not the whole file system, or the path rules mean nothing.</summary>
    public static bool RootsAreValid(OpsOptions o) =>
        o.Roots.All(r => StoragePaths.Normalize(r) is { } n && n == r.TrimEnd('/') && n != "/");
}
