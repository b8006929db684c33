using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>A disk in use: the VM (by UUID and name), the host it is defined on, and its source as that host's definition says.</summary>
public sealed record DiskUse(Guid VmUuid, string VmName, int HostId, string Source);

/// <summary>
/// A volume as the portal judges it for attaching: the format it is attached with (what the portal recorded when it
/// created the image, else what libvirt's volume XML says), and what rules it out whatever the form says: not a file
/// or block device, a format the portal does not attach, a backing chain that leaves the storage pools, another VM
/// using it. <see cref="Problem"/> is the first of those, worded for an operator; null when the volume may be attached.
/// </summary>
public sealed record ImageAssessment(StorageVolume Volume, DiskFormat? Format, string? BackingProblem, DiskUse? UsedBy)
{
    public string? KindProblem => Volume.Kind == VolumeKind.Other
        ? $"{Volume.Name} is not a file or block device (libvirt lists it as {Volume.FormatName ?? "something else"}): it cannot be a disk."
        : null;

    public string? FormatProblem => KindProblem is null && Format is null
        ? $"libvirt reports {Volume.Name} as {Volume.FormatName ?? "of no known format"}: only raw and qcow2 images can be attached."
        : null;

    public string? UseProblem => UsedBy is { } use ? $"{Volume.Name} is attached to another VM ({use.VmName})." : null;

    public string? Problem => KindProblem ?? FormatProblem ?? BackingProblem ?? UseProblem;
}

/// <summary>
/// The rules for a disk's source, without I/O: the portal attaches only volumes that the host's libvirt lists in one of
/// the configured storage pools, and checks what libvirt says about them. What a host's admin puts in a pool is trusted
/// (libvirt reports a symlink in a directory pool exactly like a file); what the portal does not trust is an image's
/// content, which a guest may have written: a qcow2 header can name any file on the host as its backing file.
/// </summary>
public static class DiskSources
{
    /// <summary>Deeper chains are refused: no image the portal makes or expects has them, and a loop must end.</summary>
    public const int MaxBackingDepth = 16;

    /// <summary>Pool types whose volumes are network storage, seen by every host that defines the pool.</summary>
    private static readonly HashSet<string> NetworkPoolTypes = new(StringComparer.Ordinal)
        { "netfs", "gluster", "rbd", "iscsi", "iscsi-direct", "sheepdog", "vstorage" };

    /// <summary>
    /// Whether other hosts see the pool's volumes too: configured as shared (a directory pool on a cluster file system
    /// mounted at the same path on every host), or network storage by its type.
    /// </summary>
    public static bool IsShared(StoragePool pool, IEnumerable<string> sharedPools) =>
        sharedPools.Contains(pool.Name, StringComparer.Ordinal) || NetworkPoolTypes.Contains(pool.Type);

    /// <summary>
    /// Whether a domain's disk source is the volume: the same path once '.', '..' and repeated slashes are folded, or
    /// the volume named as <c>pool/volume</c> (a disk of type <c>volume</c>).
    /// </summary>
    public static bool IsSameImage(string diskSource, StorageVolume volume) =>
        (StoragePaths.Normalize(diskSource) is { } path && path == StoragePaths.Normalize(volume.Path)) ||
        diskSource == $"{volume.Pool}/{volume.Name}";

    /// <summary>
    /// The VM other than <paramref name="vm"/> that uses the volume: one on the same host, or, for a pool several hosts
    /// share, one on any host. Null when there is none.
    /// </summary>
    public static DiskUse? UsedElsewhere(StorageVolume volume, bool sharedPool, int hostId, Guid vm, IEnumerable<DiskUse> uses) =>
        uses.FirstOrDefault(u => u.VmUuid != vm && (sharedPool || u.HostId == hostId) && IsSameImage(u.Source, volume));

    /// <summary>
    /// Null when the backing chain of <paramref name="volume"/>, opened as <paramref name="format"/>, stays inside the
    /// volumes of the storage pools (<paramref name="poolVolumes"/>: every volume of every configured pool of the host,
    /// as listed); otherwise why not. Only qcow2 has a backing chain: a raw image is opened as it is, whatever its first
    /// bytes say. Each link is followed with the format the image above names for it, as QEMU would open it.
    /// </summary>
    public static string? BackingChainProblem(StorageVolume volume, DiskFormat format, IReadOnlyCollection<StorageVolume> poolVolumes)
    {
        var byPath = new Dictionary<string, StorageVolume>(StringComparer.Ordinal);
        foreach (var v in poolVolumes)
            if (StoragePaths.Normalize(v.Path) is { } p) byPath.TryAdd(p, v);

        var current = volume;
        var currentFormat = DiskFormats.Name(format);
        var seen = new HashSet<string>(StringComparer.Ordinal) { StoragePaths.Normalize(volume.Path) ?? volume.Path };
        for (var depth = 0; ; depth++)
        {
            if (currentFormat == "raw" || current.Backing is not { } backing) return null;
            if (currentFormat != "qcow2")
                return $"{volume.Name} has a backing file of format {currentFormat ?? "unknown"} ({current.Name}): the portal attaches raw and qcow2 chains only.";
            if (backing.Path is null || StoragePaths.Normalize(backing.Path) is not { } next || !byPath.TryGetValue(next, out var nextVolume))
                return $"{volume.Name} is a qcow2 image whose backing file {backing.Path ?? "(one libvirt cannot name)"} lies outside the storage pools: the guest would read it.";
            if (!seen.Add(next)) return $"{volume.Name} has a backing chain that loops back to {nextVolume.Name}.";
            if (depth + 1 >= MaxBackingDepth) return $"{volume.Name} has a backing chain deeper than {MaxBackingDepth} images.";
            current = nextVolume;
            currentFormat = backing.FormatName;
        }
    }

    /// <summary>
    /// Judges a listed volume. <paramref name="recordedFormat"/> is the format the portal recorded when it created the
    /// image (it wins over libvirt's probe, which reads the guest's data); <paramref name="poolVolumes"/> every volume
    /// of the configured pools of the host; <paramref name="usedBy"/> another VM that has it, if any.
    /// </summary>
    public static ImageAssessment Assess(StorageVolume volume, DiskFormat? recordedFormat, IReadOnlyCollection<StorageVolume> poolVolumes, DiskUse? usedBy)
    {
        var format = recordedFormat ?? volume.Format;
        var backing = volume.Kind != VolumeKind.Other && format is { } f ? BackingChainProblem(volume, f, poolVolumes) : null;
        return new ImageAssessment(volume, format, backing, usedBy);
    }

    /// <summary>
    /// Every error of attaching the assessed volume as <paramref name="disk"/> to <paramref name="domain"/>: the disk
    /// rules, then the volume's own problems, the format it must be attached with, and a VM that has it already.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(DiskSpec disk, ImageAssessment image, DomainDescription domain)
    {
        var errors = DiskRules.Validate(disk, domain.Disks.Select(d => d.Target)).ToList();
        var volume = image.Volume;
        if (image.KindProblem is { } kind)
        {
            errors.Add(new("source", kind));
            return errors;
        }
        if (image.FormatProblem is { } unknown) errors.Add(new("format", unknown));
        else if (image.Format is { } actual && actual != disk.Format)
            errors.Add(new("format", $"{volume.Name} is a {DiskFormats.Name(actual)} image: attach it as {DiskFormats.Name(actual)}, or the guest sees " +
                $"{(actual == DiskFormat.Qcow2 ? "qcow2's metadata instead of the disk" : "garbage")}."));
        if (image.BackingProblem is { } backing) errors.Add(new("source", backing));
        else if (domain.Disks.Any(d => IsSameImage(d.Source, volume))) errors.Add(new("source", $"{volume.Name} is already attached to this VM."));
        else if (image.UseProblem is { } used) errors.Add(new("source", used));
        return errors;
    }

    /// <summary>The disk to attach for a volume, with the form's choices.</summary>
    public static DiskSpec SpecFor(StorageVolume volume, string target, DiskBus bus, DiskFormat format, DiskCache cache, DiskIo io, bool readOnly, string? serial) =>
        new(volume.Path, target, bus, format, cache, io, readOnly, string.IsNullOrEmpty(serial) ? null : serial, volume.Kind == VolumeKind.Block);
}
