using System.ComponentModel.DataAnnotations;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>Configuration section <c>Portal:Ops</c>: where disks may come from and the bounds of live changes.</summary>
public sealed class OpsOptions
{
    public const string Section = "Portal:Ops";
    public const string DefaultStoragePool = "default";

    /// <summary>
    /// The libvirt storage pools disks may be attached from and created in, by name; each host that should offer them
    /// defines pools of these names. Empty means <see cref="DefaultStoragePool"/>. The portal knows an image only as
    /// the host's libvirt lists it in one of these pools.
    /// </summary>
    public List<string> StoragePools { get; set; } = [];

    /// <summary>
    /// Pools among <see cref="StoragePools"/> whose storage several hosts see (a cluster or network file system mounted
    /// at the same path on each): an image attached to a VM on any host is refused, not only on the VM's own host.
    /// Pools of a network type (netfs, rbd, gluster, iscsi...) count as shared whether listed here or not.
    /// </summary>
    public List<string> SharedStoragePools { get; set; } = [];

    /// <summary>
    /// Directories, as storage locations were configured before they became pools. A path says nothing to a remote
    /// host's libvirt, so it is refused at start with what to write instead (<see cref="StoragePools"/>).
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

    public IReadOnlyList<string> Pools => StoragePools.Count > 0 ? StoragePools : [DefaultStoragePool];

    public long MinMemoryKiB => MinMemoryMiB * MemoryRules.MiB;

    public long MaxMemoryKiB => MaxMemoryGiB * MemoryRules.GiB;

    public const string PoolsRule = "Portal:Ops:StoragePools must be distinct libvirt pool names (no '/', no surrounding spaces), and " +
        "Portal:Ops:SharedStoragePools may only name pools among them.";

    public const string RootsGone = "Portal:Ops:StorageRoots is no longer read: storage locations are libvirt storage pools, named in " +
        "Portal:Ops:StoragePools (e.g. [\"default\"]; `virsh pool-list --all` on a host shows them).";

    /// <summary>Names libvirt accepts for a pool, each once; shared pools among them.</summary>
    public static bool PoolsAreValid(OpsOptions o) =>
        o.Pools.All(p => p.Length is > 0 and <= 200 && p == p.Trim() && !p.Contains('/', StringComparison.Ordinal)) &&
        o.Pools.Distinct(StringComparer.Ordinal).Count() == o.Pools.Count &&
        o.SharedStoragePools.All(p => o.Pools.Contains(p, StringComparer.Ordinal));

    public static bool NoRoots(OpsOptions o) => o.StorageRoots.Count == 0;
}
