namespace Portal.Core.Hypervisor;

/// <summary>
/// A storage pool as the host defines it: its name, libvirt's pool type (<c>dir</c>, <c>netfs</c>, <c>logical</c>...)
/// and its target directory, for the pool types that have one.
/// </summary>
public sealed record StoragePool(string Name, string Type, string? TargetPath);

/// <summary>What a volume is (libvirt's <c>virStorageVolType</c>): only files and block devices can be a VM's disk.</summary>
public enum VolumeKind { File, Block, Other }

/// <summary>
/// The backing store of a volume as the volume XML's <c>&lt;backingStore&gt;</c> names it: libvirt resolves relative and
/// <c>json:</c> backing names to a path; a backing store it cannot name has no <see cref="Path"/>.
/// <see cref="FormatName"/> is the format the image header gives for it (or libvirt's probe).
/// </summary>
public sealed record BackingStore(string? Path, string? FormatName);

/// <summary>
/// A volume of a storage pool as the host's libvirt lists it after a refresh of the pool: its name in the pool, the
/// path the host opens, libvirt's format name (<c>raw</c>, <c>qcow2</c>, <c>iso</c>, <c>dir</c>...), the size the guest
/// sees, and the first link of its backing chain (one level: the backing volume has its own).
/// </summary>
public sealed record StorageVolume(
    string Pool,
    string Name,
    string Path,
    VolumeKind Kind,
    string? FormatName,
    long CapacityBytes,
    BackingStore? Backing = null)
{
    /// <summary>The format as a disk can be attached with, or null for anything but raw and qcow2.</summary>
    public DiskFormat? Format => DiskFormats.Parse(FormatName);
}

/// <summary>A pool and its volumes, read in one go.</summary>
public sealed record StoragePoolContents(StoragePool Pool, IReadOnlyList<StorageVolume> Volumes);

public static class DiskFormats
{
    /// <summary>libvirt's name of a format the portal attaches (raw, qcow2); null for any other.</summary>
    public static DiskFormat? Parse(string? name) => name switch
    {
        "raw" => DiskFormat.Raw,
        "qcow2" => DiskFormat.Qcow2,
        _ => null,
    };

    public static string Name(DiskFormat format) => format.ToString().ToLowerInvariant();
}
