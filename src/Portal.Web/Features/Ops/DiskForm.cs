using Portal.Core.Hypervisor;

namespace Portal.Web.Features.Ops;

/// <summary>The add-disk dialog's fields, as entered; <see cref="DiskOperations"/> turns them into a request.</summary>
public sealed class DiskForm
{
    public const string ExistingImage = "existing";
    public const string NewImage = "new";
    public const string LiveAndPersistent = "both";
    public const string LiveOnly = "live";

    public Guid Operation { get; set; } = Guid.NewGuid();
    public string Source { get; set; } = ExistingImage;
    /// <summary>An existing image as the pools list it: <c>pool/volume</c> (<see cref="ImageChoice.Key"/>), never a path.</summary>
    public string? Image { get; set; }
    /// <summary>The storage pool a new image is created in.</summary>
    public string? Location { get; set; }
    public string? NewName { get; set; }
    public string? NewSize { get; set; }
    public string Bus { get; set; } = "virtio";
    public string? Target { get; set; }
    public string Format { get; set; } = "raw";
    // Direct I/O with native AIO: what a hosting company runs production disks with.
    public string Cache { get; set; } = "none";
    public string Io { get; set; } = "native";
    public bool ReadOnly { get; set; }
    public string? Serial { get; set; }
    public string Scope { get; set; } = LiveAndPersistent;

    /// <summary>The image and bus the dialog showed last: a change of either re-proposes format and target.</summary>
    public string? ShownImage { get; set; }
    public string? ShownBus { get; set; }

    /// <summary>The fields as they are now, for an operation that must not see later edits.</summary>
    public DiskForm Copy() => (DiskForm)MemberwiseClone();

    public ChangeScope ChangeScope => Scope == LiveOnly ? ChangeScope.LiveOnly : ChangeScope.LiveAndPersistent;

    /// <summary>What the audit trail keeps of the request (the form's own bookkeeping left out).</summary>
    public object AuditParameters() => Source == NewImage
        ? new { source = NewImage, pool = Location, newName = NewName, newSizeGiB = NewSize, bus = Bus, target = Target, format = Format, cache = Cache, io = Io, readOnly = ReadOnly, serial = Serial, scope = Scope }
        : new { source = ExistingImage, pool = ImagePool, volume = ImageVolume, bus = Bus, target = Target, format = Format, cache = Cache, io = Io, readOnly = ReadOnly, serial = Serial, scope = Scope };

    /// <summary>The pool and the volume name of <see cref="Image"/> (pool names have no '/'; what follows the first one is the volume's).</summary>
    private string? ImagePool => Image?.Split('/', 2) is [var pool, _] ? pool : null;
    private string? ImageVolume => Image?.Split('/', 2) is [_, var volume] ? volume : Image;
}
